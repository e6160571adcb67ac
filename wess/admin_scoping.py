"""Branch visibility in Django admin for staff who are not superusers."""

from customers.models import Customer


class CustomerScopedAdminMixin:
    """Limit an admin to rows whose customer the current branch may see.

    `customer_path` is the lookup from the model to its customer ("" for
    Customer itself). Foreign-key choices and autocomplete results for
    Customer are limited the same way.
    """

    customer_path = "customer"

    def scope(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        visible = Customer.objects.visible_at(getattr(request, "branch", None))
        if not self.customer_path:
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(**{f"{self.customer_path}__in": visible.values("pk")})

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Customer and not request.user.is_superuser:
            kwargs["queryset"] = Customer.objects.visible_at(
                getattr(request, "branch", None)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
