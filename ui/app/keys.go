package app

// binding is a key binding as data: the help line and the README table
// are generated from the same table.
type binding struct {
	Keys []string
	Help string
}

// logKeys are the bindings of the log screen.
var logKeys = []binding{
	{[]string{"j", "down"}, "next commit"},
	{[]string{"k", "up"}, "previous commit"},
	{[]string{"ctrl+d", "pgdown"}, "half a page down"},
	{[]string{"ctrl+u", "pgup"}, "half a page up"},
	{[]string{"g", "home"}, "first commit"},
	{[]string{"G", "end"}, "last loaded commit; loads the rest of history"},
	{[]string{"q", "ctrl+c"}, "quit"},
}

func matches(b binding, key string) bool {
	for _, k := range b.Keys {
		if k == key {
			return true
		}
	}
	return false
}
