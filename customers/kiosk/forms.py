"""The forms of the kiosk steps, filled in by customers on a tablet.

Each form declares only the fields its step offers, so anything else that
is posted (a home branch, a code, a published flag) is never read.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.forms import (
    DateInput,
    check_date_of_birth,
    style_widgets,
    validate_phone,
)
from customers.models import Customer
from customers.phones import digits_only
from customers.programmes.answers import add_answer_fields
from customers.programmes.forms import style_answer_widgets

# A mobile number shorter than this cannot be called back.
MOBILE_MIN_DIGITS = 8


def text_input(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


class KioskForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        style_answer_widgets(self)

    def posted_values(self) -> dict:
        """The raw values posted for this form's fields, to keep in the draft."""
        values = {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                values[name] = [str(value) for value in self.data.getlist(key)]
            elif key in self.data:
                values[name] = str(self.data.get(key))
        return values


class GeneralForm(KioskForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=text_input(autocapitalize="words"),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=Customer.Gender.choices,
        widget=forms.RadioSelect,
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput()
    )
    identity_number = forms.CharField(
        label=_("NRIC, MyKad or passport number"),
        required=False,
        max_length=30,
        widget=text_input(autocapitalize="characters"),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=40,
        validators=[validate_phone],
        widget=text_input(type="tel", inputmode="tel"),
    )
    telephone = forms.CharField(
        label=_("Other telephone"),
        required=False,
        max_length=40,
        validators=[validate_phone],
        widget=text_input(type="tel", inputmode="tel"),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "inputmode": "email",
                "autocomplete": "off",
                "autocapitalize": "none",
            }
        ),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your full name."))
        return name

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"]
        if len(digits_only(mobile)) < MOBILE_MIN_DIGITS:
            raise ValidationError(
                _("Enter a mobile number of at least %(count)d digits."),
                params={"count": MOBILE_MIN_DIGITS},
            )
        return mobile

    def clean_identity_number(self):
        return self.cleaned_data["identity_number"].strip().upper()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class OtherForm(KioskForm):
    occupation = forms.CharField(
        label=_("Occupation"), required=False, max_length=100, widget=text_input()
    )
    referral_source = forms.CharField(
        label=_("How did you hear about us?"),
        required=False,
        max_length=100,
        widget=text_input(),
    )
    remarks = forms.CharField(
        label=_("Anything else we should know?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )


class QuestionsForm(KioskForm):
    """The chosen programme's active consultancy questions."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        add_answer_fields(self, self.questions)
        style_answer_widgets(self)


class ConsentForm(KioskForm):
    data_consent = forms.BooleanField(
        label=_(
            "I agree that the spa stores and uses my personal data to provide "
            "its services."
        ),
        error_messages={
            "required": _("Please agree to the use of your data to continue.")
        },
    )
    marketing_consent = forms.BooleanField(
        label=_("I would like to receive offers and news (optional)."),
        required=False,
    )


class ExitForm(forms.Form):
    username = forms.CharField(
        label=_("Staff username"),
        max_length=150,
        widget=text_input(autocapitalize="none"),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
