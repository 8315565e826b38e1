package terraform

import (
	"fmt"
	"strconv"
	"strings"

	"reef/gitops/iac"
)

// worldCIDRs are the sources that mean "anyone on the internet".
var worldCIDRs = map[string]bool{"0.0.0.0/0": true, "::/0": true}

// azureWorld are Azure's spellings of "any source".
var azureWorld = map[string]bool{"*": true, "0.0.0.0/0": true, "0.0.0.0": true, "::/0": true,
	"internet": true, "any": true}

// adminPorts are the remote-administration ports whose exposure is
// critical: SSH and RDP.
var adminPorts = []int{22, 3389}

// portRange is an inclusive range of ports; all marks every port of
// every protocol; known is false when the ports are not statically known.
type portRange struct {
	from, to   int
	all, known bool
	icmp       bool
}

func (p portRange) text() string {
	switch {
	case p.icmp:
		return "ICMP"
	case !p.known:
		return "ports not known statically"
	case p.all || p.from <= 0 && p.to >= 65535:
		return "all ports"
	case p.from == p.to:
		return "port " + strconv.Itoa(p.from)
	}
	return fmt.Sprintf("ports %d-%d", p.from, p.to)
}

// severity is critical for every port or an administration port, medium
// for ICMP, high otherwise.
func (p portRange) severity() iac.Severity {
	switch {
	case p.icmp:
		return iac.Medium
	case !p.known:
		return iac.High
	case p.all || p.from <= 0 && p.to >= 65535:
		return iac.Critical
	}
	for _, port := range adminPorts {
		if p.from <= port && port <= p.to {
			return iac.Critical
		}
	}
	return iac.High
}

// openIngress is tf-open-ingress: inbound rules open to the internet.
func openIngress(b *block, v map[string]any) []hit {
	if b.kind != "resource" {
		return nil
	}
	var out []hit
	add := func(pr portRange, source string, line int) {
		out = append(out, hit{rule: ruleOpenIngress, sev: pr.severity(), line: line,
			key: pr.text() + "|" + source,
			msg: fmt.Sprintf("%s opens %s to %s.", b.addr, pr.text(), source)})
	}
	switch b.typ {
	case "aws_security_group":
		for _, r := range objects(v["ingress"]) {
			awsIngress(r, add)
		}
	case "aws_security_group_rule":
		if t, _ := str(v["type"]); t == "ingress" {
			awsIngress(v, add)
		}
	case "aws_vpc_security_group_ingress_rule":
		for _, attr := range []string{"cidr_ipv4", "cidr_ipv6"} {
			if c, ok := str(v[attr]); ok && worldCIDRs[c] {
				add(awsPorts(v["ip_protocol"], v["from_port"], v["to_port"]), c, lineOf(v, attr))
			}
		}
	case "azurerm_network_security_rule":
		azureIngress(v, add)
	case "azurerm_network_security_group":
		for _, r := range objects(v["security_rule"]) {
			azureIngress(r, add)
		}
	case "google_compute_firewall":
		googleIngress(v, add)
	}
	return out
}

func awsIngress(r map[string]any, add func(portRange, string, int)) {
	for _, attr := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		for _, c := range strs(r[attr]) {
			if worldCIDRs[c] {
				add(awsPorts(r["protocol"], r["from_port"], r["to_port"]), c, lineOf(r, attr))
			}
		}
	}
}

// awsPorts reads an AWS rule's protocol and port range; protocol -1 (or
// "all") opens every port whatever the range says.
func awsPorts(proto, from, to any) portRange {
	p := strings.ToLower(fmt.Sprint(proto))
	if f, ok := number(proto); ok {
		p = strconv.Itoa(int(f))
	}
	switch p {
	case "-1", "all":
		return portRange{all: true, known: true}
	case "icmp", "1", "icmpv6", "58":
		return portRange{icmp: true, known: true}
	}
	f, ok1 := number(from)
	t, ok2 := number(to)
	if !ok1 || !ok2 {
		return portRange{}
	}
	return portRange{from: int(f), to: int(t), known: true}
}

func azureIngress(r map[string]any, add func(portRange, string, int)) {
	dir, _ := str(r["direction"])
	access, _ := str(r["access"])
	if !strings.EqualFold(dir, "Inbound") || !strings.EqualFold(access, "Allow") {
		return
	}
	var sources []string
	line := lineOf(r, "source_address_prefix")
	if s, ok := str(r["source_address_prefix"]); ok {
		sources = append(sources, s)
	}
	if list := strs(r["source_address_prefixes"]); len(list) > 0 {
		sources = append(sources, list...)
		line = lineOf(r, "source_address_prefixes")
	}
	for _, s := range sources {
		if !azureWorld[strings.ToLower(s)] {
			continue
		}
		if s == "*" || strings.EqualFold(s, "any") {
			s = "* (any source)"
		}
		proto, _ := str(r["protocol"])
		ports := strs(r["destination_port_ranges"])
		if p, ok := str(r["destination_port_range"]); ok {
			ports = append(ports, p)
		}
		if strings.EqualFold(proto, "Icmp") {
			add(portRange{icmp: true, known: true}, s, line)
			continue
		}
		if len(ports) == 0 {
			add(portRange{}, s, line)
		}
		for _, p := range ports {
			add(parsePorts(p), s, line)
		}
		return
	}
}

func googleIngress(v map[string]any, add func(portRange, string, int)) {
	if dir, ok := str(v["direction"]); ok && !strings.EqualFold(dir, "INGRESS") {
		return
	}
	if isTrue(v["disabled"]) {
		return
	}
	for _, c := range strs(v["source_ranges"]) {
		if !worldCIDRs[c] {
			continue
		}
		for _, a := range objects(v["allow"]) {
			proto, _ := str(a["protocol"])
			switch strings.ToLower(proto) {
			case "all":
				add(portRange{all: true, known: true}, c, lineOf(v, "source_ranges"))
				continue
			case "icmp", "ipv6-icmp":
				add(portRange{icmp: true, known: true}, c, lineOf(v, "source_ranges"))
				continue
			}
			ports := strs(a["ports"])
			if _, set := a["ports"]; !set {
				// No ports: every port of the protocol.
				add(portRange{from: 0, to: 65535, known: true}, c, lineOf(v, "source_ranges"))
			}
			for _, p := range ports {
				add(parsePorts(p), c, lineOf(v, "source_ranges"))
			}
		}
	}
}

// parsePorts reads "22", "1000-2000" or "*".
func parsePorts(s string) portRange {
	s = strings.TrimSpace(s)
	if s == "*" {
		return portRange{all: true, known: true}
	}
	lo, hi, isRange := strings.Cut(s, "-")
	f, err1 := strconv.Atoi(strings.TrimSpace(lo))
	t := f
	var err2 error
	if isRange {
		t, err2 = strconv.Atoi(strings.TrimSpace(hi))
	}
	if err1 != nil || err2 != nil {
		return portRange{}
	}
	return portRange{from: f, to: t, known: true}
}

// publicDatabaseTypes are the database resources with a
// publicly_accessible switch.
var publicDatabaseTypes = map[string]bool{
	"aws_db_instance": true, "aws_rds_cluster_instance": true, "aws_redshift_cluster": true,
	"aws_dms_replication_instance": true, "aws_neptune_cluster_instance": true,
}

// azureDatabaseTypes are Azure database servers with
// public_network_access_enabled.
var azureDatabaseTypes = map[string]bool{
	"azurerm_mssql_server": true, "azurerm_postgresql_server": true,
	"azurerm_postgresql_flexible_server": true, "azurerm_mysql_server": true,
	"azurerm_mysql_flexible_server": true, "azurerm_mariadb_server": true,
	"azurerm_cosmosdb_account": true, "azurerm_sql_server": true,
}

// publicDatabase is tf-public-database.
func publicDatabase(b *block, v map[string]any) []hit {
	if b.kind != "resource" {
		return nil
	}
	switch {
	case publicDatabaseTypes[b.typ]:
		if isTrue(v["publicly_accessible"]) {
			return []hit{{rule: rulePublicDatabase, sev: iac.High, line: lineOf(v, "publicly_accessible"),
				key: "publicly_accessible", msg: b.addr + " is publicly accessible from the internet."}}
		}
	case azureDatabaseTypes[b.typ]:
		if isTrue(v["public_network_access_enabled"]) {
			return []hit{{rule: rulePublicDatabase, sev: iac.Medium, line: lineOf(v, "public_network_access_enabled"),
				key: "public_network_access_enabled", msg: b.addr + " accepts connections from public networks."}}
		}
	case strings.HasPrefix(b.typ, "azurerm_") && strings.HasSuffix(b.typ, "_firewall_rule") &&
		(strings.Contains(b.typ, "sql") || strings.Contains(b.typ, "maria")):
		start, _ := str(v["start_ip_address"])
		end, _ := str(v["end_ip_address"])
		if start == "0.0.0.0" && end == "255.255.255.255" {
			return []hit{{rule: rulePublicDatabase, sev: iac.Critical, line: lineOf(v, "end_ip_address"),
				key: "all-addresses", msg: b.addr + " lets every internet address reach the database server."}}
		}
	case b.typ == "google_sql_database_instance":
		var out []hit
		for _, s := range objects(v["settings"]) {
			for _, ipc := range objects(s["ip_configuration"]) {
				for _, n := range objects(ipc["authorized_networks"]) {
					if c, _ := str(n["value"]); worldCIDRs[c] {
						out = append(out, hit{rule: rulePublicDatabase, sev: iac.Critical, line: lineOf(n, "value"),
							key: "authorized:" + c, msg: fmt.Sprintf("%s accepts connections from %s.", b.addr, c)})
					}
				}
			}
		}
		return out
	}
	return nil
}
