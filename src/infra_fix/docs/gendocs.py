"""`python -m infra_fix.docs.gendocs > docs/rules.md`: the rule reference, generated from the rules."""

import sys

from ..plugins import load_fixers
from .ruledocs import markdown

sys.stdout.write(markdown(load_fixers()))
