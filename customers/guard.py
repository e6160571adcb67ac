"""The delete guard: customers that a transaction refers to are kept.

Every foreign key to Customer uses PROTECT. The guard reads those relations
from the model's metadata, so a new kind of transaction blocks deletes
without a change here.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Count

from customers.models import Customer

logger = logging.getLogger(__name__)


@dataclass
class Blocker:
    label: str
    count: int


@dataclass
class DeletePlan:
    deletable: list[Customer] = field(default_factory=list)
    blocked: list[tuple[Customer, list[Blocker]]] = field(default_factory=list)


def protecting_relations():
    return [
        relation
        for relation in Customer._meta.related_objects
        if relation.on_delete is models.PROTECT
    ]


def find_blockers(customer_ids) -> dict[int, list[Blocker]]:
    """Count, per customer, the rows of each kind that refer to it.

    One query per kind of transaction, whatever the number of customers.
    """
    blockers = defaultdict(list)
    ids = list(customer_ids)
    for relation in protecting_relations():
        model = relation.related_model
        fk_name = relation.field.name
        rows = (
            model._default_manager.filter(**{f"{fk_name}__in": ids})
            .values(fk_name)
            .annotate(total=Count("pk"))
        )
        for row in rows:
            total = row["total"]
            meta = model._meta
            label = meta.verbose_name if total == 1 else meta.verbose_name_plural
            blockers[row[fk_name]].append(Blocker(str(label), total))
    return blockers


def plan_delete(customers) -> DeletePlan:
    customers = list(customers)
    blockers = find_blockers(customer.pk for customer in customers)
    plan = DeletePlan()
    for customer in customers:
        if customer.pk in blockers:
            plan.blocked.append((customer, blockers[customer.pk]))
        else:
            plan.deletable.append(customer)
    return plan


def delete_customers(queryset) -> DeletePlan:
    """Delete the customers of `queryset` that nothing refers to.

    Runs in one transaction with the rows locked, so a transaction that
    starts referring to a customer meanwhile cannot be left dangling; the
    PROTECT foreign keys are the backstop.
    """
    with transaction.atomic():
        plan = plan_delete(queryset.select_for_update(of=("self",)))
        ids = [customer.pk for customer in plan.deletable]
        if ids:
            Customer.objects.filter(pk__in=ids).delete()
    logger.info(
        "Deleted customers %s; kept %s that transactions refer to",
        ids,
        [customer.pk for customer, _ in plan.blocked],
    )
    return plan
