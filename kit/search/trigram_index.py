"""A trigram index over documents: which documents contain each case-folded trigram.

Postings are stored in compressed-sparse-row form: `keys` (sorted trigrams), `offsets` into
`postings` (sorted document ids per trigram), all uint32 numpy arrays. Only folded trigrams are
indexed (half the size of folded plus exact); the regex run on each candidate decides case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kit.errors import SearchError
from kit.search.trigrams import TrigramArray, TrigramQuery, fold_bytes, fold_table, trigram_array

IdArray = npt.NDArray[np.uint32]

MAGIC = b"KITTRI\x00\x01"
VERSION = 1
_HEADER = np.dtype(
    [
        ("magic", "S8"),
        ("version", "<u4"),
        ("reserved", "<u4"),
        ("fold_digest", "S16"),
        ("doc_count", "<u8"),
        ("key_count", "<u8"),
        ("posting_count", "<u8"),
    ]
)
_ALIGN = 64


def fold_digest() -> bytes:
    """A fingerprint of the case-folding table: an index is only valid with the table it used."""
    table = sorted(fold_table().items())
    return hashlib.blake2b(repr(table).encode(), digest_size=16).digest()


class TrigramIndex:
    """Sorted posting lists of document ids for every folded trigram of a set of documents."""

    def __init__(self, keys: TrigramArray, offsets: IdArray, postings: IdArray, doc_count: int):
        self.keys = keys
        self.offsets = offsets
        self.postings = postings
        self.doc_count = doc_count

    @classmethod
    def build(cls, documents: Iterable[tuple[int, str]]) -> TrigramIndex:
        """Index `(doc_id, text)` pairs; ids must fit in 32 bits and be distinct."""
        chunks: list[npt.NDArray[np.uint64]] = []
        doc_count = 0
        for doc_id, text in documents:
            if not 0 <= doc_id < 2**32:
                raise SearchError(f"document id {doc_id} does not fit in 32 bits")
            doc_count += 1
            grams = trigram_array(fold_bytes(text))
            chunks.append((grams.astype(np.uint64) << np.uint64(32)) | np.uint64(doc_id))
        pairs = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.uint64)
        pairs.sort()
        grams = (pairs >> np.uint64(32)).astype(np.uint32)
        postings = pairs.astype(np.uint32)  # the low 32 bits: the document id
        starts = np.flatnonzero(grams[1:] != grams[:-1]) + 1
        offsets = np.concatenate(([0], starts, [len(grams)])).astype(np.uint32)
        keys = grams[offsets[:-1]] if len(grams) else _EMPTY
        if not len(grams):
            offsets = np.zeros(1, dtype=np.uint32)
        return cls(keys, offsets, postings, doc_count)

    @property
    def size_bytes(self) -> int:
        """Bytes the posting structure occupies (the file adds only a small header)."""
        return int(self.keys.nbytes + self.offsets.nbytes + self.postings.nbytes)

    def postings_for(self, trigram: int) -> IdArray:
        """Sorted ids of the documents containing `trigram` (empty when none do)."""
        i = int(np.searchsorted(self.keys, trigram))
        if i == len(self.keys) or int(self.keys[i]) != trigram:
            return np.empty(0, dtype=np.uint32)
        return self.postings[self.offsets[i] : self.offsets[i + 1]]

    def candidates(self, query: TrigramQuery) -> set[int] | None:
        """Ids of the documents that may match `query`; None when it cannot narrow (ALL)."""
        ids = self._evaluate(query)
        return None if ids is None else set(ids.tolist())

    def postings_for_all(self, trigrams: Iterable[int]) -> list[IdArray]:
        """`postings_for` of several trigrams, looked up in one vectorised search."""
        wanted = np.fromiter(trigrams, dtype=np.uint32)
        if not len(wanted):
            return []
        at = np.searchsorted(self.keys, wanted)
        lists: list[IdArray] = []
        for trigram, i in zip(wanted.tolist(), at.tolist(), strict=True):
            if i == len(self.keys) or int(self.keys[i]) != trigram:
                lists.append(_EMPTY)
            else:
                lists.append(self.postings[self.offsets[i] : self.offsets[i + 1]])
        return lists

    def _evaluate(self, query: TrigramQuery) -> IdArray | None:
        if query.op == "all":
            return None
        lists: list[IdArray] = self.postings_for_all(query.trigrams)
        if query.op == "or":
            for child in query.children:
                ids = self._evaluate(child)
                if ids is None:
                    return None
                lists.append(ids)
            return np.unique(np.concatenate(lists)) if lists else _EMPTY
        lists.sort(key=len)  # intersect the rarest trigrams first
        result: IdArray | None = None
        for ids in lists:
            result = ids if result is None else _intersect(result, ids)
            if not len(result):
                return result
        for child in query.children:
            child_ids = self._evaluate(child)
            if child_ids is not None:
                result = child_ids if result is None else _intersect(result, child_ids)
                if not len(result):
                    return result
        return result

    def save(self, path: Path) -> None:
        """Write the index to one file: a versioned header, then 64-byte-aligned arrays."""
        header = np.zeros(1, dtype=_HEADER)
        header[0] = (
            MAGIC,
            VERSION,
            0,
            fold_digest(),
            self.doc_count,
            len(self.keys),
            len(self.postings),
        )
        with path.open("wb") as out:
            for array in (header, self.keys, self.offsets, self.postings):
                out.write(array.tobytes())
                out.write(b"\0" * (-out.tell() % _ALIGN))

    @classmethod
    def load(cls, path: Path) -> TrigramIndex:
        """Map an index file written by `save` (read-only, pages load on demand)."""
        try:
            size = path.stat().st_size
            if size < _HEADER.itemsize:
                raise SearchError("not a trigram index (file too short); rebuild it", where=path)
            data = np.memmap(path, dtype=np.uint8, mode="r").view(
                np.ndarray
            )  # no per-slice wrapper
        except OSError as exc:
            raise SearchError(f"cannot read trigram index: {exc}", where=path) from None
        header = data[: _HEADER.itemsize].view(_HEADER)[0]
        if bytes(header["magic"]) != MAGIC or int(header["version"]) != VERSION:
            raise SearchError(
                f"not a version {VERSION} trigram index (bad header); rebuild it", where=path
            )
        if bytes(header["fold_digest"]) != fold_digest():
            raise SearchError(
                "trigram index built with a different case-folding table; rebuild it", where=path
            )
        counts = (
            int(header["key_count"]),
            int(header["key_count"]) + 1,
            int(header["posting_count"]),
        )
        arrays: list[IdArray] = []
        pos = _aligned(_HEADER.itemsize)
        for count in counts:
            end = pos + 4 * count
            if end > len(data):
                raise SearchError("trigram index file is truncated; rebuild it", where=path)
            arrays.append(data[pos:end].view(np.uint32))
            pos = _aligned(end)
        keys, offsets, postings = arrays
        return cls(keys, offsets, postings, int(header["doc_count"]))


_EMPTY: IdArray = np.empty(0, dtype=np.uint32)


def _aligned(n: int) -> int:
    return n + (-n % _ALIGN)


def _intersect(a: IdArray, b: IdArray) -> IdArray:
    """Ids in both sorted arrays: binary-search the shorter one's ids in the longer."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    both: IdArray = a[b[at] == a]
    return both
