"""Read a rendered form's fields, so tests post back what the page showed."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from one form.

    Submit buttons, unchecked boxes and <template> contents are left out,
    as a browser leaves them out.
    """

    def __init__(self, form_selector_class):
        super().__init__(convert_charrefs=True)
        self.form_class = form_selector_class
        self.fields = []
        self.in_form = False
        self.template_depth = 0
        self.select = None
        self.select_first = None
        self.select_chosen = False
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.in_form = True
            return
        if not self.in_form:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self.select = name
            self.select_first = None
            self.select_chosen = False
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "template" and self.template_depth:
            self.template_depth -= 1
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.fields.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows the opening tag.
            name, text = self.textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def rendered_form(response, form_class) -> dict:
    """The fields of the form with `form_class` in the response, as a dict."""
    parser = FormFields(form_class)
    parser.feed(response.content.decode())
    return dict(parser.fields)
