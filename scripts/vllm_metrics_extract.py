#!/usr/bin/env python3
"""Every `vllm:` metric a vLLM source tree or installed vLLM defines, read from the Python AST.

Usage: vllm_metrics_extract.py PATH
PATH is a vLLM checkout (it holds vllm/) or an installed package (site-packages/vllm).
Prints JSON: {"version": "0.9.2" | null, "metrics": [...], "unresolved": [...]}.

It follows how vLLM defines metrics: prometheus_client Counter/Gauge/Histogram/Summary
constructors, called directly or through class attributes such as `self._gauge_cls` or a local
`histogram_cls`; names from string literals, f-strings, module or class constants and local
variables; label names from lists, `a + b`, and locals; buckets from literals, comprehensions
over range(), slices, and vLLM's bucket builders (build_buckets, build_1_2_5_buckets,
build_1_2_3_5_8_buckets). What only exists at run time (a parameter, `dict.keys()`, a builder
called with a config value) is reported as such, never guessed. Standard library only.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

TYPES = {"Counter": "counter", "Gauge": "gauge", "Histogram": "histogram", "Summary": "summary"}
BUCKET_BUILDERS = {"build_1_2_5_buckets": [1, 2, 5], "build_1_2_3_5_8_buckets": [1, 2, 3, 5, 8]}
# vLLM passes its engine default label names down as a parameter called `labelnames`
DEFAULT_LABELS_PARAM = "labelnames"


class Unresolved(Exception):
    """A value that only exists at run time."""

    def __init__(self, node: ast.AST):
        super().__init__(ast.unparse(node))
        self.text = ast.unparse(node)


class DefaultLabels:
    """The engine's default label names, passed in as the `labelnames` parameter."""


def build_buckets(mantissas: list[float], max_value: float) -> list[float]:
    """vLLM's build_buckets: mantissa × 10^k up to max_value."""
    out: list[float] = []
    exponent = 0
    while True:
        for m in mantissas:
            value = m * 10**exponent
            if value > max_value:
                return out
            out.append(value)
        exponent += 1


def metric_type(func: ast.AST) -> str | None:
    """The prometheus_client type a call constructs, or None."""
    if isinstance(func, ast.Name):
        name = func.id
    elif isinstance(func, ast.Attribute):
        name = func.attr
    else:
        return None
    if name in TYPES:
        return TYPES[name]
    match = re.fullmatch(r"_?(counter|gauge|histogram|summary)_cls", name)
    return match.group(1) if match else None


class Scope:
    """Assignments visible from one function: its locals (by line), its class's attributes and
    `self.x` assignments, the module's constants."""

    def __init__(self, module: dict, klass: dict | None, func: ast.AST | None, params: set[str]):
        self.module = module
        self.klass = klass or {}
        self.params = params
        self.locals: dict[str, list[tuple[int, ast.AST]]] = {}
        if func is not None:
            for node in ast.walk(func):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            self.locals.setdefault(target.id, []).append((node.lineno, node.value))

    def lookup(self, name: str, line: int) -> ast.AST | None:
        before = [value for at, value in self.locals.get(name, []) if at < line]
        if before:
            return before[-1]
        return self.module.get(name)


class Evaluator:
    def __init__(self, scope: Scope, line: int):
        self.scope = scope
        self.line = line
        self.depth = 0

    def value(self, node: ast.AST, env: dict | None = None):
        self.depth += 1
        try:
            if self.depth > 50:
                raise Unresolved(node)
            return self._value(node, env or {})
        finally:
            self.depth -= 1

    def _value(self, node: ast.AST, env: dict):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e, env) for e in node.elts]
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            found = self.scope.lookup(node.id, self.line)
            if found is not None:
                return self.value(found, env)
            if node.id == DEFAULT_LABELS_PARAM and node.id in self.scope.params:
                return DefaultLabels()
            raise Unresolved(node)
        if isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and node.attr in self.scope.klass:
                return self.value(self.scope.klass[node.attr], env)
            if isinstance(owner, ast.Name):
                klass = self.scope.module.get(f"{owner.id}.{node.attr}")
                if klass is not None:
                    return self.value(klass, env)
            raise Unresolved(node)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    parts.append(str(self.value(part.value, env)))
                else:
                    parts.append(str(part.value))
            return "".join(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.value(node.operand, env)
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left, env), self.value(node.right, env)
            if isinstance(node.op, ast.Add):
                if isinstance(left, DefaultLabels) and isinstance(right, list):
                    return ["<default>", *right]
                if isinstance(left, DefaultLabels) or isinstance(right, DefaultLabels):
                    raise Unresolved(node)
                return left + right
            ops = {ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b}
            op = ops.get(type(node.op))
            if op is None:
                raise Unresolved(node)
            return op(left, right)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            seq = self.value(node.value, env)
            s = node.slice
            bounds = [None if b is None else self.value(b, env) for b in (s.lower, s.upper, s.step)]
            return seq[slice(*bounds)]
        if isinstance(node, ast.ListComp) and len(node.generators) == 1:
            gen = node.generators[0]
            if gen.ifs or not isinstance(gen.target, ast.Name):
                raise Unresolved(node)
            items = self.value(gen.iter, env)
            return [self.value(node.elt, {**env, gen.target.id: item}) for item in items]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args
            if node.func.id == "range":
                return list(range(*[self.value(a, env) for a in args]))
            if node.func.id in ("list", "tuple", "sorted") and len(args) == 1:
                value = self.value(args[0], env)
                return sorted(value) if node.func.id == "sorted" else list(value)
            if node.func.id in BUCKET_BUILDERS and len(args) == 1:
                return build_buckets(BUCKET_BUILDERS[node.func.id], self.value(args[0], env))
            if node.func.id == "build_buckets" and len(args) == 2:
                return build_buckets(self.value(args[0], env), self.value(args[1], env))
        raise Unresolved(node)


def keyword(call: ast.Call, name: str, position: int) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def exposed_name(name: str, kind: str) -> str:
    """What prometheus_client exposes: counters always end in `_total`."""
    if kind == "counter":
        return name[: -len("_total")] + "_total" if name.endswith("_total") else name + "_total"
    return name


def module_constants(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level NAME = value, and ClassName.ATTR = value for classes used as namespaces."""
    constants: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            constants[node.target.id] = node.value
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign):
                    for target in item.targets:
                        if isinstance(target, ast.Name):
                            constants[f"{node.name}.{target.id}"] = item.value
    return constants


def class_attributes(klass: ast.ClassDef) -> dict[str, ast.AST]:
    attrs: dict[str, ast.AST] = {}
    for item in klass.body:
        if isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    attrs[target.id] = item.value
    for node in ast.walk(klass):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                    if isinstance(node.value, (ast.Constant, ast.JoinedStr)):
                        attrs.setdefault(target.attr, node.value)
    return attrs


def conditions_of(tree: ast.AST) -> dict[ast.AST, list[str]]:
    """The `if` tests enclosing every node, innermost last."""
    out: dict[ast.AST, list[str]] = {}

    def visit(node: ast.AST, tests: list[str]) -> None:
        out[node] = tests
        if isinstance(node, ast.If):
            inner = [*tests, ast.unparse(node.test)]
            for child in node.body:
                visit(child, inner)
            for child in node.orelse:
                visit(child, [*tests, f"not ({ast.unparse(node.test)})"])
            visit(node.test, tests)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, tests)

    visit(tree, [])
    return out


def functions(tree: ast.Module):
    """(function or None, its class or None) for every code block that may construct metrics."""
    yield None, None, tree
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node, None, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield item, node, item


def calls_in(block: ast.AST, top_level_only: bool):
    if top_level_only:
        for stmt in block.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            yield from (n for n in ast.walk(stmt) if isinstance(n, ast.Call))
    else:
        yield from (n for n in ast.walk(block) if isinstance(n, ast.Call))


def extract_file(path: Path, relative: str, metrics: list, unresolved: list) -> None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return
    constants = module_constants(tree)
    conditions = conditions_of(tree)
    for func, klass, block in functions(tree):
        params = {a.arg for a in func.args.args + func.args.kwonlyargs} if func is not None else set()
        scope = Scope(constants, class_attributes(klass) if klass else None, func, params)
        for call in calls_in(block, func is None):
            kind = metric_type(call.func)
            name_node = keyword(call, "name", 0)
            if kind is None or name_node is None:
                continue
            where = f"{relative}:{call.lineno}"
            evaluate = Evaluator(scope, call.lineno)
            try:
                name = evaluate.value(name_node)
            except Unresolved as error:
                text = error.text
                if "vllm:" in ast.unparse(name_node) or text.startswith("f'vllm:") or text.startswith('f"vllm:'):
                    unresolved.append({"where": where, "what": "name", "expr": ast.unparse(name_node)})
                continue
            if not isinstance(name, str) or not name.startswith("vllm:"):
                continue
            entry = {"name": exposed_name(name, kind), "type": kind, "where": where}
            labels_node = keyword(call, "labelnames", 2)
            try:
                labels = [] if labels_node is None else evaluate.value(labels_node)
                if isinstance(labels, DefaultLabels):
                    labels = ["<default>"]
                entry["labels"] = [str(label) for label in labels]
            except Unresolved as error:
                entry["labels"] = None
                entry["labelsExpr"] = error.text if labels_node is None else ast.unparse(labels_node)
            if kind == "histogram":
                buckets_node = keyword(call, "buckets", 3)
                try:
                    entry["buckets"] = None if buckets_node is None else [float(b) for b in evaluate.value(buckets_node)]
                except (Unresolved, TypeError):
                    entry["buckets"] = None
                    entry["bucketsExpr"] = ast.unparse(buckets_node)
            entry["hidden"] = any("show_hidden_metrics" in test for test in conditions.get(call, []))
            metrics.append(entry)


def package_root(path: Path) -> Path | None:
    if (path / "vllm" / "__init__.py").is_file():
        return path / "vllm"
    if path.name == "vllm" and (path / "__init__.py").is_file():
        return path
    return None


VERSION_RE = re.compile(r"""(?:__version__|version)\s*(?::\s*\w+\s*)?=\s*['"]v?(\d+\.\d+(?:\.\d+)?)""")


def version_of(root: Path) -> str | None:
    for name in ("_version.py", "version.py"):
        file = root / name
        if file.is_file():
            match = VERSION_RE.search(file.read_text(encoding="utf-8"))
            if match:
                return match.group(1)
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: vllm_metrics_extract.py PATH", file=sys.stderr)
        return 2
    root = package_root(Path(argv[1]))
    if root is None:
        print(f"{argv[1]}: no vllm package here (expected PATH/vllm/__init__.py or an installed vllm directory)", file=sys.stderr)
        return 2
    metrics: list = []
    unresolved: list = []
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root.parent).as_posix()
        extract_file(file, relative, metrics, unresolved)
    print(json.dumps({"version": version_of(root), "metrics": metrics, "unresolved": unresolved}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
