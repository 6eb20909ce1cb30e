"""The benchmark's corpus of real text: the docstrings of Python's standard library (present
wherever Python is, so it needs no download), cut into passages of a few sentences. Each passage
is titled by the qualified name it documents, which is what the labelled questions in
bench/embed/questions.json name."""

import importlib
import inspect
import re
import warnings

MODULES = """abc argparse array ast asyncio base64 bisect bz2 calendar cmath codecs collections
collections.abc concurrent.futures configparser contextlib copy csv dataclasses datetime decimal
difflib dis doctest email email.message email.utils enum filecmp fileinput fnmatch fractions
ftplib functools getpass gettext glob graphlib gzip hashlib heapq hmac html html.parser http.client
http.cookies http.server imaplib importlib inspect io ipaddress itertools json keyword linecache
locale logging logging.handlers lzma mailbox math mimetypes multiprocessing numbers operator os
os.path pathlib pickle pkgutil platform plistlib poplib pprint profile pstats queue quopri random
re reprlib sched secrets selectors shelve shlex shutil signal smtplib socket socketserver sqlite3
ssl stat statistics string stringprep struct subprocess symtable sysconfig tarfile tempfile
textwrap threading time timeit tokenize tomllib trace traceback types typing unicodedata unittest
unittest.mock urllib.parse urllib.request uuid warnings wave weakref xml.dom.minidom
xml.etree.ElementTree xml.sax zipfile zipimport zlib zoneinfo""".split()

MAX_CHARS = 320  # a passage: a few sentences (about 60 tokens)


def documented(module):
    """(qualified name, docstring) of the module, its functions, classes and their methods."""
    yield module.__name__, inspect.getdoc(module)
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or getattr(value, "__module__", module.__name__) != module.__name__:
            continue
        if inspect.isclass(value):
            yield f"{module.__name__}.{name}", inspect.getdoc(value)
            for member, method in sorted(vars(value).items()):
                if not member.startswith("_") and callable(method):
                    yield f"{module.__name__}.{name}.{member}", inspect.getdoc(method)
        elif callable(value):
            yield f"{module.__name__}.{name}", inspect.getdoc(value)


def passages_of(text: str):
    """The docstring's paragraphs, long ones cut at sentence ends into pieces of ≤ MAX_CHARS."""
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if len(paragraph) < 40 or paragraph.startswith(">>>"):
            continue
        piece = ""
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if piece and len(piece) + len(sentence) > MAX_CHARS:
                yield piece
                piece = ""
            piece = f"{piece} {sentence}".strip()
        if piece:
            yield piece[: MAX_CHARS * 2]


def corpus():
    """[{id, title, body}] in a fixed order; ids are p000000001…"""
    seen, out = set(), []
    warnings.simplefilter("ignore")
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for title, doc in documented(module):
            if not doc or title in seen:
                continue
            seen.add(title)
            for body in passages_of(doc):
                out.append({"id": f"p{len(out) + 1:014d}", "title": title, "body": body})
    return out


if __name__ == "__main__":
    passages = corpus()
    print(len(passages), "passages,", sum(len(p["body"]) for p in passages), "characters")
    print(passages[100], passages[-1])
