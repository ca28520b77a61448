"""The speed and memory tricks the pydantic models use, kept apart from what the models mean.

An agenda can hold ten thousand sessions, and every list, search and frame reads them,
so the models (model.py) take three shortcuts that pydantic does not offer:

- `computed_once`: a value derived from a model's fields (a session's start in UTC),
  computed on the first read and kept in the instance's `__dict__`. It is
  `functools.cached_property` without the lock that Python 3.11 takes on every first
  read, which doubles the cost of sorting ten thousand sessions. A model that uses it
  lists it in its config's `ignored_types`, so that pydantic does not take it for a field.
- `CachedLookups`: a model that keeps values computed from its fields in its `__dict__`
  (by `computed_once` or `functools.cached_property`) names them in `CACHED_LOOKUPS`,
  and its `model_copy` leaves them out of the copy, which computes them afresh from its
  own fields. Pydantic copies `__dict__` as it is: a copy with a new start would keep
  the old start in UTC.
- `share_fields_sets`: frozen models that follow one another with the same fields set
  share one `__pydantic_fields_set__`. Pydantic keeps a set per instance, about 700 bytes
  for a session's twelve names: half the memory of a 10,000-session agenda.

None of them changes what a model holds or how it compares, validates or serializes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from pydantic import BaseModel

Owner = TypeVar("Owner")
Value = TypeVar("Value")


class computed_once(Generic[Owner, Value]):  # noqa: N801 (named like the decorators it stands beside)
    """`functools.cached_property` without its lock: see the module's docstring."""

    def __init__(self, compute: Callable[[Owner], Value]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type[Owner], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Owner] | None = None) -> Self: ...

    @overload
    def __get__(self, instance: Owner, owner: type[Owner] | None = None) -> Value: ...

    def __get__(self, instance: Owner | None, owner: type[Owner] | None = None) -> Self | Value:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class CachedLookups(BaseModel):
    """A model whose copies compute its cached values afresh: see the module's docstring.

    A base to list before the model's other bases: it has no fields and no config.
    """

    # The names under which the model keeps values computed from its fields.
    CACHED_LOOKUPS: ClassVar[tuple[str, ...]] = ()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copy = super().model_copy(update=update, deep=deep)
        for name in type(self).CACHED_LOOKUPS:
            copy.__dict__.pop(name, None)
        return copy


def share_fields_sets(models: Sequence[BaseModel]) -> None:
    """Let models that follow one another with the same fields set share one set.

    Safe because the models are frozen (nothing sets a field in place, which would add
    to the shared set), and `model_copy` copies the set before it adds to it.
    """
    previous: set[str] | None = None
    for model in models:
        names = model.__pydantic_fields_set__
        if names == previous:
            object.__setattr__(model, "__pydantic_fields_set__", previous)
        else:
            previous = names
