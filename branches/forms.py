from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Branch


class BranchPreferenceForm(forms.ModelForm):
    """A branch's details and its PREFERENCE section (customer sharing)."""

    class Meta:
        model = Branch
        fields = ["name", "address", "phone", "shares_customers_with"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "phone": forms.TextInput(attrs={"class": "form-control", "type": "tel"}),
            "shares_customers_with": forms.CheckboxSelectMultiple,
        }
        labels = {"shares_customers_with": _("Customer Sharing")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shares_customers_with"].queryset = Branch.objects.exclude(
            pk=self.instance.pk
        ).order_by("name")
