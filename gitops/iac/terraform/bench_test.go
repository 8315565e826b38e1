package terraform

import (
	"context"
	"fmt"
	"path"
	"strings"
	"testing"
	"time"

	"reef/gitops/iac"
)

// module200 is a 200-file module (five resources a file, a variables file
// and locals) in which one file changes.
func module200() *iac.Input {
	files := map[string][]byte{}
	for i := 0; i < 200; i++ {
		var sb strings.Builder
		for j := 0; j < 5; j++ {
			fmt.Fprintf(&sb, `resource "aws_security_group" "sg_%d_%d" {
  name        = "sg-%d-%d"
  description = "service %d"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = %d
    to_port     = %d
    protocol    = "tcp"
    cidr_blocks = local.internal
  }

  tags = merge(local.tags, { Service = "svc-%d" })
}

`, i, j, i, j, i, 8000+j, 8000+j, i)
		}
		files[fmt.Sprintf("mod/f%03d.tf", i)] = []byte(sb.String())
	}
	files["mod/variables.tf"] = []byte("variable \"vpc_id\" {}\nlocals {\n  internal = [\"10.0.0.0/8\"]\n  tags = { Team = \"core\" }\n}\n")
	changed := "mod/f100.tf"
	after := strings.Replace(string(files[changed]), `local.internal`, `["0.0.0.0/0"]`, 1)
	in := &iac.Input{Files: []iac.File{{Path: changed, Before: files[changed], After: []byte(after)}}}
	in.Dir = func(_ context.Context, side iac.Side, dir string) (map[string][]byte, error) {
		out := map[string][]byte{}
		for p, b := range files {
			if path.Dir(p) == dir {
				out[p] = b
			}
		}
		if side == iac.After {
			out[changed] = []byte(after)
		}
		return out, nil
	}
	return in
}

func BenchmarkAnalyzeModule200(b *testing.B) {
	in := module200()
	b.ReportAllocs()
	for b.Loop() {
		res, err := New().Analyze(context.Background(), in, in.Files)
		if err != nil || len(res.Findings) != 1 {
			b.Fatalf("%v %+v", err, res.Findings)
		}
	}
}

// BenchmarkAnalyzeTFVarsChange changes a variable default that flows into
// every resource of the 200-file module (all of it is in scope).
func BenchmarkAnalyzeVariableFlow200(b *testing.B) {
	in := module200()
	vars := in.Dir
	in.Files = []iac.File{{Path: "mod/variables.tf",
		Before: []byte("variable \"vpc_id\" {}\nlocals {\n  internal = [\"10.0.0.0/8\"]\n  tags = { Team = \"core\" }\n}\n"),
		After:  []byte("variable \"vpc_id\" {}\nlocals {\n  internal = [\"10.0.0.0/8\"]\n  tags = { Team = \"platform\" }\n}\n")}}
	in.Dir = func(ctx context.Context, side iac.Side, dir string) (map[string][]byte, error) {
		out, err := vars(ctx, side, dir)
		out["mod/f100.tf"] = in.Files[0].Before
		delete(out, "mod/f100.tf")
		out["mod/variables.tf"] = in.Files[0].After
		if side == iac.Before {
			out["mod/variables.tf"] = in.Files[0].Before
		}
		return out, err
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New().Analyze(context.Background(), in, in.Files); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeThousandResourceFile(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&sb, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n  tags = { N = \"%d\" }\n}\n\n", i, i, i)
	}
	before := sb.String()
	after := strings.Replace(before, `"bucket-500"`, `"bucket-500-v2"`, 1)
	in := &iac.Input{Files: []iac.File{{Path: "main.tf", Before: []byte(before), After: []byte(after)}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New().Analyze(context.Background(), in, in.Files); err != nil {
			b.Fatal(err)
		}
	}
}

// TestModule200IsFast keeps the benchmark's promise in the normal test
// run: a 200-file module is analysed well under 100 ms.
func TestModule200IsFast(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing is not meaningful here")
	}
	r := testing.Benchmark(BenchmarkAnalyzeModule200)
	if per := time.Duration(r.NsPerOp()); per > 50*time.Millisecond {
		t.Errorf("a 200-file module takes %v", per)
	}
}
