// Command reef is a terminal Git client for reviewing Infrastructure as Code.
package main

func main() {}
