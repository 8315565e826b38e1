package httpx

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"reef/forge"
)

// maxBody bounds a successful response read whole (a large diff fits).
const maxBody = 64 << 20

// Decode reads a successful response's JSON body into v and closes it.
// A body that is not JSON, or is cut, is a *forge.Error saying so, never
// a zero value passed off as data.
func (m Mapper) Decode(op string, resp *http.Response, v any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return m.Transport(op, err)
	}
	if len(data) > maxBody {
		return &forge.Error{Op: op, Status: resp.StatusCode, Message: fmt.Sprintf("the answer is larger than %d MiB", maxBody>>20)}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return &forge.Error{Op: op, Status: resp.StatusCode,
			Message: "the forge's answer is not the JSON expected (" + m.clean(err.Error()) + ")",
			Hint:    "check the API URL: it may point at a web page or a proxy"}
	}
	return nil
}

// NextLink returns the rel="next" URL of an RFC 8288 Link header (GitHub,
// GitLab and Gitea paginate with it), or "".
func NextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, link := range strings.Split(v, ",") {
			parts := strings.Split(link, ";")
			target := strings.TrimSpace(parts[0])
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range parts[1:] {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(k, "rel") && containsFold(strings.Fields(strings.Trim(val, `"`)), "next") {
					return target[1 : len(target)-1]
				}
			}
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// SameOrigin reports whether two URLs share scheme, host and port: a
// pagination URL elsewhere is not followed.
func SameOrigin(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Host != "" && originOf(ua) == originOf(ub)
}
