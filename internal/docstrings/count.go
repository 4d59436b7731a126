package docstrings

import (
	"regexp"
	"strings"
)

// covNode is a node interrogate keeps after its visitor's ignore rules: the visitor skips an
// ignored class or function together with everything defined inside it.
type covNode struct {
	def        *defNode
	parent     *covNode
	level      int
	covered    bool
	nestedFunc bool
	nestedCls  bool
	qualname   string
}

func isPrivate(name string) bool {
	return strings.HasPrefix(name, "__") && !strings.HasSuffix(name, "__")
}

func isSemiprivate(name string) bool {
	return strings.HasPrefix(name, "_") && !strings.HasPrefix(name, "__") && !strings.HasSuffix(name, "__")
}

func matchesAny(res []*regexp.Regexp, name string) bool {
	for _, re := range res {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// ignoredCommon holds the rules interrogate applies to classes and functions alike.
func (o *compiled) ignoredCommon(n *defNode) bool {
	if o.IgnorePrivate && isPrivate(n.name) {
		return true
	}
	if o.IgnoreSemiprivate && isSemiprivate(n.name) {
		return true
	}
	return matchesAny(o.ignoreRE, n.name)
}

func (o *compiled) ignoredFunc(n *defNode) bool {
	isInit := n.name == "__init__"
	isMagic := strings.HasPrefix(n.name, "__") && strings.HasSuffix(n.name, "__") && !isInit
	var property, setter, overload bool
	for _, d := range n.decos {
		switch d.kind {
		case decoName:
			if d.id == "property" {
				property = true
			}
			if d.id == "overload" {
				overload = true
			}
		case decoAttr:
			if d.attr == "setter" || d.attr == "deleter" {
				property = true
			}
			if d.attr == "setter" {
				setter = true
			}
			if d.attr == "overload" && d.valueID == "typing" {
				overload = true
			}
		}
	}
	switch {
	case o.IgnoreInitMethod && isInit,
		o.IgnoreMagic && isMagic,
		o.IgnorePropertyDecorators && property,
		o.IgnoreSetters && setter,
		o.IgnoreOverloadedFunctions && overload:
		return true
	}
	return o.ignoredCommon(n)
}

// fileCoverage applies interrogate's visitor and per-file filters to one file's definitions.
// It returns nil when interrogate reports nothing for the file.
func (o *compiled) fileCoverage(base string, defs []defNode) []*covNode {
	all := make([]*covNode, len(defs)) // by def index; nil when skipped
	kept := make([]*covNode, 0, len(defs))
	for i := range defs {
		d := &defs[i]
		if d.typ == Module {
			n := &covNode{def: d, covered: d.hasDoc, qualname: base}
			all[i] = n
			kept = append(kept, n)
			continue
		}
		parent := all[d.parent]
		if parent == nil {
			continue // inside an ignored definition: never visited
		}
		if d.typ == ClassDef {
			if o.ignoredCommon(d) {
				continue
			}
		} else if o.ignoredFunc(d) {
			continue
		}
		n := &covNode{def: d, parent: parent, level: parent.level + 1, covered: d.hasDoc}
		if parent.def.typ == Module {
			n.qualname = d.name
		} else {
			n.qualname = parent.qualname + "." + d.name
		}
		n.nestedFunc = parent.def.typ == FunctionDef && d.typ == FunctionDef
		n.nestedCls = d.typ == ClassDef && (parent.def.typ == ClassDef || parent.def.typ == FunctionDef)
		all[i] = n
		kept = append(kept, n)
	}

	if len(kept) == 1 && o.IgnoreModule {
		return nil
	}
	if len(o.includeRE) > 0 {
		// interrogate appends a node once per matching include regex, so a name matched by
		// two patterns is counted twice; the module node survives only if something matched.
		var filtered []*covNode
		var module *covNode
		for _, n := range kept {
			if n.def.typ == Module {
				module = n
				continue
			}
			for _, re := range o.includeRE {
				if re.MatchString(n.def.name) {
					filtered = append(filtered, n)
				}
			}
		}
		if module != nil && len(filtered) > 0 {
			filtered = append([]*covNode{module}, filtered...)
		}
		kept = filtered
	}
	if len(kept) == 0 {
		return nil
	}
	if o.IgnoreNestedFunctions {
		out := kept[:0:0]
		for _, n := range kept {
			if !n.nestedFunc {
				out = append(out, n)
			}
		}
		kept = out
	}
	if o.IgnoreNestedClasses {
		// Drop nested classes and their direct children only (grandchildren stay), as
		// interrogate does.
		nested := map[*covNode]bool{}
		for _, n := range kept {
			if n.nestedCls {
				nested[n] = true
			}
		}
		out := kept[:0:0]
		for _, n := range kept {
			if !n.nestedCls && !nested[n.parent] {
				out = append(out, n)
			}
		}
		kept = out
	}
	if o.DocstringStyle == "google" {
		// A class and its __init__ cover each other; applied in order, sharing the nodes.
		for _, n := range kept {
			if n.def.typ == FunctionDef && n.def.name == "__init__" {
				if !n.covered && n.parent.covered {
					n.covered = true
				} else if n.covered && !n.parent.covered {
					n.parent.covered = true
				}
			}
		}
	}
	if kept == nil {
		kept = []*covNode{}
	}
	return kept
}
