"""Kubernetes and Docker quantities (`500m`, `2`, `4G`, `7Gi`, `8g`) as numbers, and back as the
short form people write, so `2000m` and `2` are the same CPU request and `8g` is 8 GiB."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kit.errors import PracticeError

_KUBERNETES: dict[str, Decimal] = {
    unit: Decimal(factor)
    for unit, factor in {
        "": 1, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18,
        "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
    }.items()
} | {"m": Decimal("0.001")}  # fmt: skip
_DOCKER: dict[str, Decimal] = {
    unit: Decimal(factor)
    for unit, factor in {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}.items()
}
_SHAPE = re.compile(r"^\s*([0-9.]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]*)\s*$")


def _parse(value: object, units: dict[str, Decimal], what: str) -> Decimal:
    match = _SHAPE.match(str(value))
    unit = match.group(2) if match else ""
    factor = units.get(unit if unit in units else unit.lower() if units is _DOCKER else unit)
    if match is None or factor is None:
        raise PracticeError(f"{value!r} is not a {what} quantity")
    try:
        return Decimal(match.group(1)) * factor
    except InvalidOperation:
        raise PracticeError(f"{value!r} is not a {what} quantity") from None


def kubernetes_quantity(value: object) -> Decimal:
    """A Kubernetes quantity (`500m`, `2`, `4G`, `7Gi`) as a number of cores or bytes."""
    return _parse(value, _KUBERNETES, "Kubernetes")


def docker_bytes(value: object) -> Decimal:
    """A Docker memory size (`8g`, `512m`, `1024`) as bytes (Docker's units are powers of 1024)."""
    return _parse(value, _DOCKER, "Docker memory")


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def cores(number: Decimal) -> str:
    """CPU cores as written: `0.5`, `2`."""
    return _plain(number)


def kubernetes_bytes(number: Decimal) -> str:
    """Bytes in the Kubernetes unit that gives the smallest whole number: `7Gi`, `4G`, `500M`."""
    candidates = [
        (number / factor, unit)
        for unit, factor in _KUBERNETES.items()
        if unit != "m" and number >= factor and number % factor == 0
    ]
    if not candidates:
        return _plain(number)
    mantissa, unit = min(candidates, key=lambda c: (c[0], not c[1].endswith("i")))
    return f"{_plain(mantissa)}{unit}"


def docker_size(number: Decimal) -> str:
    """Bytes in the largest Docker unit that divides them: `8g`, `512m`."""
    for unit in ("t", "g", "m", "k"):
        factor = _DOCKER[unit]
        if number >= factor and number % factor == 0:
            return f"{_plain(number / factor)}{unit}"
    return _plain(number)
