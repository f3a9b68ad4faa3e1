"""Entries with a place among their siblings: a plan's tiers, groups, messages, channels,
activities and goals under their plan, a meeting's agenda items under their meeting.

The rules:
- One parent's entries hold the positions 1..N, each once (a message's number is its
  position, and people cite those numbers in meetings).
- Whatever changes positions (add, move, reorder, delete, a bulk insert) holds the parent's
  row lock (`SELECT … FOR UPDATE`) until its transaction ends and reads positions only
  under it: concurrent writers of one parent queue instead of taking the same number.
- A unique constraint on (parent, position) backs the rule up. On PostgreSQL it is deferred
  to the end of the transaction, so a swap may pass through a repeat. SQLite cannot defer a
  unique constraint and Django creates none there (settings silence its warning, models.W038);
  SQLite runs one writing transaction at a time, which is the lock's work done for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core import checks
from django.db import models, transaction
from django.db.models import F, Max
from django.db.models.functions import RowNumber
from django.utils import timezone

from komplan.core.signals import entry_moved

__all__ = ["Positioned", "renumber_positions", "unique_positions"]


def unique_positions(parent: str) -> models.UniqueConstraint:
    """The constraint each `Positioned` model declares in its Meta: no two entries of one
    `parent` share a place (checked at commit on PostgreSQL; not created on SQLite)."""
    return models.UniqueConstraint(
        fields=[parent, "position"],
        name="%(app_label)s_%(class)s_unique_position",
        deferrable=models.Deferrable.DEFERRED,
    )


class Positioned(models.Model):
    """An entry with a place 1..N among the entries of its parent, the foreign key that the
    subclass names in `order_parent`. The subclass declares `unique_positions(order_parent)`."""

    order_parent: ClassVar[str]  # the name of the foreign key to the parent, e.g. "plan"

    position = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new entry without a place takes the next one, under the parent's lock."""
        if self.position:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(savepoint=False):
            self.position = self.next_position(self.parent_id)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Delete the entry; the entries after it move up one place."""
        with transaction.atomic():
            position = self._locked_position()
            result = super().delete(*args, **kwargs)
            if position is not None:
                later = self.siblings().filter(position__gt=position)
                later.update(position=F("position") - 1)
            return result

    # --- the parent and its lock ------------------------------------------------------------

    @classmethod
    def siblings_of(cls, parent_id: Any) -> models.QuerySet[Any]:
        return cls._default_manager.filter(**{cls._parent_field().attname: parent_id})

    @classmethod
    def lock_parent(cls, parent_id: Any) -> None:
        """Take the parent's row lock, held until the caller's transaction ends.

        FOR UPDATE, the lock the apps above take on a plan or a meeting anyway (a plan's next
        draft, the justering steps): a weaker one here, strengthened later in the same
        transaction, deadlocked with the audit trail's writes under load.
        """
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                "positions change only inside a transaction that holds the parent's lock"
            )
        parent = cls._parent_field().related_model
        rows = parent._default_manager.select_for_update().filter(pk=parent_id).order_by()
        list(rows.values_list("pk", flat=True))

    @classmethod
    def next_position(cls, parent_id: Any) -> int:
        """Lock the parent and return the first place after its entries. It and the places after
        it are the caller's until its transaction ends: a bulk insert numbers its rows from it."""
        cls.lock_parent(parent_id)
        last = cls.siblings_of(parent_id).aggregate(last=Max("position"))["last"]
        return (last or 0) + 1

    @classmethod
    def _parent_field(cls) -> Any:
        return cls._meta.get_field(cls.order_parent)

    @property
    def parent_id(self) -> Any:
        return getattr(self, self._parent_field().attname)

    def siblings(self) -> models.QuerySet[Any]:
        return self.siblings_of(self.parent_id)

    def _locked_position(self) -> int | None:
        """Lock the parent and read this entry's place as it is now (None: deleted meanwhile);
        the instance may have been read before someone else moved it."""
        self.lock_parent(self.parent_id)
        rows = self.siblings().filter(pk=self.pk).values_list("position", flat=True)
        return next(iter(rows), None)

    # --- the operations -----------------------------------------------------------------------

    def move(self, step: int) -> None:
        """Swap places with the entry `step` places away (−1 up, +1 down); at either end, or
        when this entry is gone, nothing happens."""
        with transaction.atomic():
            position = self._locked_position()
            if position is None:
                return
            neighbour = self.siblings().filter(position=position + step).first()
            if neighbour is None:
                self.position = position
                return
            manager = type(self)._default_manager
            manager.filter(pk=neighbour.pk).update(position=position, **self._touched())
            manager.filter(pk=self.pk).update(position=neighbour.position, **self._touched())
            self.position = neighbour.position
            self._moved(position)

    def move_to(self, position: int) -> None:
        """Take place `position` (within 1..N); the entries in between close up behind it."""
        with transaction.atomic():
            old = self._locked_position()
            if old is None:
                return
            new = max(1, min(position, self.siblings().count()))
            if new < old:
                between = self.siblings().filter(position__gte=new, position__lt=old)
                between.update(position=F("position") + 1, **self._touched())
            elif new > old:
                between = self.siblings().filter(position__gt=old, position__lte=new)
                between.update(position=F("position") - 1, **self._touched())
            type(self)._default_manager.filter(pk=self.pk).update(position=new, **self._touched())
            self.position = new
            self._moved(old)

    @classmethod
    def reorder(cls, parent_id: Any, ordered_ids: Sequence[int]) -> None:
        """Put the parent's entries in the order of `ordered_ids`; ValueError (and nothing
        changed) unless it names each of them exactly once."""
        with transaction.atomic():
            cls.lock_parent(parent_id)
            entries = {e.pk: e for e in cls.siblings_of(parent_id)}
            if sorted(ordered_ids) != sorted(entries):
                raise ValueError("the new order must name every entry exactly once")
            moved = []
            touched = cls._touched()
            for position, pk in enumerate(ordered_ids, start=1):
                entry = entries[pk]
                if entry.position != position:
                    moved.append((entry, entry.position))
                    entry.position = position
                    for name, value in touched.items():
                        setattr(entry, name, value)
            fields = ["position", *touched]
            cls._default_manager.bulk_update([entry for entry, _old in moved], fields)
            for entry, old in moved:
                entry._moved(old)

    @classmethod
    def _touched(cls) -> dict[str, Any]:
        """What a move writes besides positions: `updated_at`, where the model keeps one, so
        that what is keyed on the entries' latest change (the plan's content stamp: cached
        coverage, kept documents) sees the new order."""
        if any(field.name == "updated_at" for field in cls._meta.concrete_fields):
            return {"updated_at": timezone.now()}
        return {}

    def _moved(self, old_position: int) -> None:
        # update() sends no model signal: tell the listeners (the audit trail) ourselves.
        entry_moved.send(
            type(self), entry=self, old_position=old_position, new_position=self.position
        )

    # --- the constraint, checked ------------------------------------------------------------

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        wanted = [cls.order_parent, "position"]
        if not any(
            isinstance(c, models.UniqueConstraint) and list(c.fields) == wanted
            for c in cls._meta.constraints
        ):
            errors.append(
                checks.Error(
                    f"{cls.__name__} keeps positions but lacks their unique constraint.",
                    hint=f'Add unique_positions("{cls.order_parent}") to Meta.constraints.',
                    obj=cls,
                    id="komplan.E001",
                )
            )
        return errors


def renumber_positions(model: type[models.Model], parent: str) -> int:
    """Give each parent's entries of `model` the places 1..N in their order (position, then
    id), repairing repeats and gaps; returns how many entries moved. For data migrations: it
    uses no method of `model`, so a historical model does."""
    rows = model._default_manager.annotate(
        place=models.Window(RowNumber(), partition_by=F(parent), order_by=[F("position"), F("pk")])
    ).values_list("pk", "position", "place")
    changed = [model(pk=pk, position=place) for pk, position, place in rows if position != place]
    model._default_manager.bulk_update(changed, ["position"], batch_size=500)
    return len(changed)
