"""The listing's search widgets write what Django's widget templates write."""

import re

import pytest
from django import forms

from wess.forms import SearchInput, SearchSelect

ATTRS = {"class": "form-control", "placeholder": 'Say "hi" & <go>', "form": "f"}


def django_rendering(widget, name, value, attrs):
    """Render `widget` through Django's own render() and its templates,
    without the line breaks the templates leave between tags."""
    html = forms.Widget.render(widget, name, value, attrs)
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("value", [None, "", "lim", 'O"Brien <b>', 42])
@pytest.mark.parametrize("extra", [{}, {"required": True, "disabled": False}])
def test_search_input_matches_template(value, extra):
    attrs = {"id": "id_name", **extra}
    widget = SearchInput(attrs=ATTRS)

    written = widget.render("name", value, attrs)

    assert written == django_rendering(widget, "name", value, attrs)


@pytest.mark.parametrize("value", [None, "", "2", 2, "missing"])
def test_search_select_matches_template(value):
    choices = [("", "All"), (1, "Gold & <Silver>"), (2, 'Say "hi"')]
    widget = SearchSelect(attrs=ATTRS, choices=choices)

    written = widget.render("group", value, {"id": "id_group"})

    assert written == django_rendering(widget, "group", value, {"id": "id_group"})
    assert written.count("<option") == 3


def test_grouped_choices_use_template():
    choices = [("Asia", [(1, "Singapore"), (2, "Malaysia")])]
    widget = SearchSelect(choices=choices)

    assert '<optgroup label="Asia">' in widget.render("country", 1)
