"""The benchmark's corpus of real text, all of it on any machine that has Python and this
project's node_modules, so nothing is downloaded: the docstrings of Python's standard library
(read with ast, nothing imported), Python's language reference topics (pydoc_data), and the
JSDoc comments of TypeScript's lib.*.d.ts. Each is cut into passages of a sentence or a few, titled
by what they document ("shutil.rmtree", "Python reference: for", "Array.map"), which is what the
labelled questions in bench/embed/questions.json name."""

import ast
import bisect
import glob
import os
import re
import sysconfig

MAX_CHARS = 160  # a passage: a sentence or two (about 35 tokens)
SKIPPED_DIRS = {"site-packages", "idlelib", "lib2to3", "__pycache__", "turtledemo", "ensurepip"}


def pieces(text: str):
    """The text's paragraphs, long ones cut at sentence ends into pieces of ≤ MAX_CHARS."""
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if len(paragraph) < 20 or paragraph.startswith(">>>"):
            continue
        piece = ""
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if piece and len(piece) + len(sentence) > MAX_CHARS:
                yield piece
                piece = ""
            piece = f"{piece} {sentence}".strip()
        if piece:
            yield piece[: MAX_CHARS * 2]


def python_docstrings():
    """(qualified name, docstring) for every module, class and function of the standard library."""
    root = sysconfig.get_paths()["stdlib"]
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(directory, name)
            module = os.path.relpath(path, root)[:-3].replace(os.sep, ".").removesuffix(".__init__")
            try:
                tree = ast.parse(open(path, encoding="utf-8").read())
            except (SyntaxError, UnicodeDecodeError):
                continue
            yield from documented(tree, module)


def documented(node, qualname):
    doc = ast.get_docstring(node)
    if doc:
        yield qualname, doc
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and not child.name.startswith("_"):
            yield from documented(child, f"{qualname}.{child.name}")


def python_topics():
    from pydoc_data.topics import topics

    for name in sorted(topics):
        yield f"Python reference: {name}", topics[name]


def typescript_comments(lib_dir: str):
    """(Owner.member, comment) for each JSDoc comment of TypeScript's lib files; the owner is the
    interface (or var, function, type) declared last before the comment."""
    declaration = re.compile(r"^(?:declare\s+)?(?:interface|var|function|type|class)\s+(\w+)", re.M)
    # ES5 first: where later libs repeat a comment (typed arrays' map), the plain Array keeps it.
    for path in sorted(glob.glob(os.path.join(lib_dir, "lib.*.d.ts")), key=lambda p: (not p.endswith("es5.d.ts"), p)):
        text = open(path, encoding="utf-8").read()
        owners = [(m.start(), m.group(1)) for m in declaration.finditer(text)]
        for match in re.finditer(r"/\*\*(.*?)\*/\s*([^\n]*)", text, re.S):
            declared = match.group(2)
            if found := declaration.match(declared):
                title = found.group(1)
            else:
                before = bisect.bisect_right(owners, (match.start(), "\uffff")) - 1
                member = (re.match(r"\s*(?:readonly\s+)?\[?(\w+)", declared) or [None, ""])[1]
                title = ".".join(part for part in (owners[before][1] if before >= 0 else "", member) if part)
            comment = " ".join(line.strip().lstrip("*").strip() for line in match.group(1).splitlines())
            comment = re.sub(r"@\w+.*", "", comment).replace("[MDN Reference]", "").strip()
            yield title, comment


def corpus(lib_dir: str):
    """[{id, title, body}] in a fixed order, each body once; ids are p00000000000001…"""
    seen, out = set(), []
    sources = [python_docstrings(), python_topics(), typescript_comments(lib_dir)]
    for source in sources:
        for title, text in source:
            for body in pieces(text):
                if body in seen:
                    continue
                seen.add(body)
                out.append({"id": f"p{len(out) + 1:014d}", "title": title, "body": body})
    return out


if __name__ == "__main__":
    import sys

    passages = corpus(sys.argv[1] if len(sys.argv) > 1 else "node_modules/typescript/lib")
    print(len(passages), "passages,", sum(len(p["body"]) for p in passages), "characters")
    for i in (0, 1000, 20000, len(passages) - 1):
        print(passages[min(i, len(passages) - 1)])
