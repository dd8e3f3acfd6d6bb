"""Parses Swift files with tree-sitter-swift and fails on any syntax error node.

No swiftc runs on this machine by default; this catches malformed generated bindings and
test code. (OXIDC_SWIFT=1 builds and runs them for real: see run_in_chroot.sh.)
"""

import re
import sys

import tree_sitter_swift
from tree_sitter import Language, Parser

parser = Parser(Language(tree_sitter_swift.language()))

# uniffi wraps attributes in a compiler-version conditional:
#     #if swift(>=5.8)
#     @_documentation(visibility: private)
#     #endif
#     public func ...
# Valid Swift, but tree-sitter-swift cannot attach an attribute across `#endif`. Resolve the
# condition as Swift >= 5.8 does (keep the attribute line), keeping line numbers.
VERSIONED_ATTRIBUTE = re.compile(rb"[ \t]*#if swift\(>=5\.8\)\n([ \t]*@[^\n]*)\n[ \t]*#endif\n")


def resolve(source):
    return VERSIONED_ATTRIBUTE.sub(lambda m: b"\n" + m.group(1) + b"\n\n", source)


bad = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        tree = parser.parse(resolve(f.read()))
    errors = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            errors.append(node)
        stack.extend(node.children)
    for node in errors[:10]:
        line, col = node.start_point
        kind = "missing" if node.is_missing else "error"
        print(f"{path}:{line + 1}:{col + 1}: syntax {kind}: {node.text[:60]!r}")
    bad += len(errors)
    print(f"swift syntax: {path.rsplit('/', 1)[-1]}: {tree.root_node.child_count} top-level nodes, {len(errors)} errors")
sys.exit(1 if bad else 0)
