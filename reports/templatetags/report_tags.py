import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# Runs of emoji: pictographs and symbols, with the joiners, variation
# selector 16, keycap mark and tag characters that build emoji sequences.
EMOJI_RUN = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\u200d\ufe0f\u20e3\U000e0020-\U000e007f]+"
)


@register.filter
def emoji_spans(value):
    """Escape `value` and wrap each emoji run in `<span class="emoji">`.

    The PDF gives only those spans the emoji font. Naming Noto Color Emoji in
    the main font stack would draw digits with it too, because the font has
    digit glyphs for keycap sequences.
    """
    escaped = conditional_escape("" if value is None else value)
    return mark_safe(  # noqa: S308 (escaped above; emoji runs contain no markup)
        EMOJI_RUN.sub(lambda match: f'<span class="emoji">{match[0]}</span>', escaped)
    )
