module reef

go 1.26.8

require (
	github.com/klauspost/compress v1.20.4
	github.com/sergi/go-diff v1.4.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
)

require github.com/stretchr/testify v1.11.1 // indirect
