"""A pack: what an entry point of the group `infra_fix.fixers` returns. A list of fixers is a pack without settings;
a `Pack` may also declare its own settings table, `[tool.infra-fix.<name>]`, validated like the core's."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from .fixer import Fixer
from .settings import PackSettings


class Pack(Struct, frozen=True):
    name: str
    fixers: tuple[Fixer, ...]
    settings: type | None = None  # a frozen dataclass whose fields all have defaults (see settings.validated)

    def table(self) -> PackSettings | None:
        return PackSettings(self.name, self.settings) if self.settings else None


def as_pack(name: str, loaded: Pack | Sequence[Fixer]) -> Pack:
    return loaded if isinstance(loaded, Pack) else Pack(name, tuple(loaded))
