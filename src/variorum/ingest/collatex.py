"""CollateX JSON input.

The document is ``{"witnesses": [{"id": ..., "content": ...} | {"id": ..., "tokens": [...]}]}``.

As in CollateX, ``content`` is tokenized (here by variorum's own tokenizer) and ``tokens`` are
taken as given: ``t`` is the token's text with its trailing white space (a token without
any is followed by one space in the witness's text, for display, as CollateX joins tokens),
``n`` (optional) its match key, used exactly as given. When ``n`` is absent the key is ``t``
under variorum's normalization layers. Other token fields are kept and passed through: the
``collatex-json`` report writes them in each token of the table, the JSON report lists them
per witness (``token_properties``).
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import FormatError, InputError
from ..model import Witness
from .files import open_source
from .options import DEFAULT_MAX_BYTES

__all__ = ["read_collatex_input", "witnesses_from_collatex"]


def _fail(source: str, what: str) -> FormatError:
    return FormatError(f"{source}: {what}", hint="CollateX JSON input looks like "
                       '{"witnesses": [{"id": "A", "content": "..."}]}')


def _token(entry: Any, source: str, where: str) -> tuple[str, str | None]:
    """A token's text and key (its other fields are read by :func:`_properties`)."""
    if not isinstance(entry, dict):
        raise _fail(source, f"{where} is not an object")
    raw, key = entry.get("t"), entry.get("n")
    if raw is None and isinstance(key, str):
        raw = key
    if not isinstance(raw, str) or (key is not None and not isinstance(key, str)):
        raise _fail(source, f"{where} needs a string 't' (and 'n', if given, a string)")
    return raw, key


def witnesses_from_collatex(data: Any, source: str) -> list[Witness]:
    """Witnesses from an already parsed CollateX JSON document."""
    if not isinstance(data, dict) or not isinstance(data.get("witnesses"), list):
        raise _fail(source, "has no 'witnesses' list")
    witnesses: list[Witness] = []
    for number, entry in enumerate(data["witnesses"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) \
                or not entry["id"]:
            raise _fail(source, f"witness {number} has no string 'id'")
        witness_id = entry["id"]
        if isinstance(entry.get("content"), str):
            witnesses.append(Witness.from_text(witness_id, entry["content"], source=source))
        elif isinstance(entry.get("tokens"), list):
            tokens = [_token(token, source, f"token {index} of witness {witness_id!r}")
                      for index, token in enumerate(entry["tokens"], start=1)]
            properties = [{k: v for k, v in token.items() if k not in ("t", "n")}
                          for token in entry["tokens"]]
            witnesses.append(Witness.from_tokens(
                witness_id, tokens, source=source,
                properties=properties if any(properties) else None))
        else:
            raise _fail(source, f"witness {witness_id!r} has neither 'content' nor 'tokens'")
        if not witnesses[-1].text.strip():
            raise InputError(f"{source}: witness {witness_id!r} is empty",
                             hint="give it some text")
    return witnesses


def read_collatex_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Witness]:
    """Read a CollateX JSON input file (refused if larger than ``max_bytes``)."""
    try:
        with open_source(path) as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror}") from None
    if len(raw) > max_bytes:
        raise InputError(f"{path}: is over the limit of {max_bytes:,} bytes",
                         hint="raise the limit with --max-bytes if you trust this file")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(path, f"is not valid JSON ({error})") from None
    return witnesses_from_collatex(data, path)
