"""Synthetic leaked data for the CAC404 detector tests, generated at test time.

Nothing here is anyone's data: numbers are random with check digits computed by
python-stdnum, so the tests never carry a real ID, card, hash, key or token.
"""

from __future__ import annotations

import datetime as dt
import random
import string

from stdnum import luhn
from stdnum.cn import ric

# Area codes that python-stdnum's table knows for births in 1991-2010.
AREAS = ("110101", "310101", "440305", "510104", "330106", "620102")
CRYPT_CHARS = "./" + string.digits + string.ascii_letters
BASE64_CHARS = string.ascii_letters + string.digits + "+/"
ALNUM = string.ascii_letters + string.digits


def rng(seed: int = 404) -> random.Random:
    return random.Random(seed)


def resident_id(r: random.Random, *, born: dt.date | None = None, area: str | None = None) -> str:
    """A valid Chinese resident ID number (check digit computed by stdnum)."""
    if born is None:
        born = dt.date(1991, 1, 1) + dt.timedelta(days=r.randrange(7000))
    base = f"{area or r.choice(AREAS)}{born:%Y%m%d}{r.randrange(1000):03d}"
    number = base + ric.calc_check_digit(base + "0")
    assert ric.is_valid(number), number
    return number


def wrong_check_digit(number: str) -> str:
    """The same number with every other check character: never valid."""
    digits = "0123456789X"
    wrong = digits[(digits.index(number[-1]) + 1) % len(digits)]
    result = number[:-1] + wrong
    assert not ric.is_valid(result)
    return result


def card(r: random.Random, prefix: str, length: int = 16) -> str:
    """A Luhn-valid card number with ``prefix`` and no test-number look (no long runs)."""
    while True:
        body = prefix + "".join(r.choice(string.digits) for _ in range(length - len(prefix) - 1))
        number = body + luhn.calc_check_digit(body)
        runs = any(number[i] == number[i + 1] == number[i + 2] for i in range(len(number) - 2))
        if not runs and len(set(number)) > 5:
            assert luhn.is_valid(number)
            return number


def luhn_broken(number: str) -> str:
    result = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not luhn.is_valid(result)
    return result


def grouped(number: str, sep: str = " ") -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def phone(r: random.Random) -> str:
    return f"1{r.choice('3456789')}{r.randrange(10)}" + "".join(
        r.choice(string.digits) for _ in range(8)
    )


def chars(r: random.Random, alphabet: str, count: int) -> str:
    return "".join(r.choice(alphabet) for _ in range(count))


def crypt_hash(r: random.Random, scheme: str) -> str:
    """A hash-shaped crypt(3) string (random, not the hash of anything)."""
    if scheme == "md5-crypt":
        return f"$1${chars(r, CRYPT_CHARS, 8)}${chars(r, CRYPT_CHARS, 22)}"
    if scheme == "sha256-crypt":
        return f"$5${chars(r, CRYPT_CHARS, 16)}${chars(r, CRYPT_CHARS, 43)}"
    if scheme == "sha512-crypt":
        return f"$6${chars(r, CRYPT_CHARS, 16)}${chars(r, CRYPT_CHARS, 86)}"
    if scheme == "sha512-crypt-rounds":
        return f"$6$rounds=656000${chars(r, CRYPT_CHARS, 16)}${chars(r, CRYPT_CHARS, 86)}"
    if scheme == "yescrypt":
        return f"$y$j9T${chars(r, CRYPT_CHARS, 22)}${chars(r, CRYPT_CHARS, 43)}"
    if scheme == "bcrypt":
        return f"$2b$12${chars(r, CRYPT_CHARS, 53)}"
    if scheme == "argon2":
        return (
            f"$argon2id$v=19$m=65536,t=3,p=4${chars(r, BASE64_CHARS, 22)}"
            f"${chars(r, BASE64_CHARS, 43)}"
        )
    raise ValueError(scheme)


def hex_string(r: random.Random, count: int) -> str:
    return chars(r, "0123456789abcdef", count)


def pem_body(r: random.Random, lines: int = 12) -> str:
    return "\n".join(chars(r, BASE64_CHARS, 64) for _ in range(lines))
