from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BranchQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def sharing_with(self, branch):
        """Branches whose customers `branch` may see: itself and its sharers."""
        return self.filter(Q(pk=branch.pk) | Q(shares_customers_with=branch))

    def for_user(self, user):
        """Branches the user works at (their branch visibility)."""
        if user.is_superuser:
            return self.all()
        # The reverse one-to-one accessor keeps the membership on the user
        # object, so a request reads it once.
        try:
            membership = user.membership
        except StaffMembership.DoesNotExist:
            return self.none()
        if membership.all_branches:
            return self.all()
        return self.filter(pk__in=membership.branches.values("pk"))


class Branch(models.Model):
    """An outlet of the spa chain; every customer has one home branch.

    A branch's sharing preference names the branches that may see its
    customers and redeem their prepaid items. Sharing is one-way: A naming B
    lets B see A's customers, not the reverse.
    """

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("Short code used in customer codes, for example KL."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    shares_customers_with = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="receives_customers_from",
        verbose_name=_("customer sharing"),
        help_text=_(
            "Branches that may see this branch's customers and redeem their "
            "prepaid items."
        ),
    )

    objects = BranchQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        permissions = [
            ("change_branch_preference", _("Can change the preferences of a branch")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("branches:edit", args=[self.pk])


class StaffMembership(models.Model):
    """Which branches a staff user works at (WESS calls this branch visibility).

    A user at all branches may switch to any of them; otherwise the branch
    switcher offers only the selected ones. Managers manage the branches they
    work at.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    all_branches = models.BooleanField(
        _("all branches"),
        default=False,
        help_text=_("Works at every branch, including ones added later."),
    )
    branches = models.ManyToManyField(
        Branch,
        blank=True,
        related_name="staff",
        verbose_name=_("branches"),
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self):
        return str(self.user)
