"""The main screen's footer is built again only when the keys it shows change (issue 18:
each day-tab key rebuilt it, two extra paints of the whole screen), and it still shows
the keys that apply wherever the focus goes."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from agenda_tui.tui.widgets.footer import KeysFooter
from tests.tui.conftest import restyled, settled, started


def footer_keys(app) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.disabled) for key in app.main.query(FooterKey)]


def keys_that_apply(app) -> list[tuple[str, str, bool]]:
    """What Textual's own Footer would show now: one key for each action."""
    first_of_action: dict[str, tuple[str, str, bool]] = {}
    for _, binding, enabled, _ in app.main.active_bindings.values():
        if binding.show:
            first_of_action.setdefault(binding.action, (binding.key, binding.description, not enabled))
    return list(first_of_action.values())


async def test_moving_between_day_tabs_keeps_the_footer_as_built(app):
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        built = list(footer.query(FooterKey))
        assert built
        for key in ("2", "1", "2", "tab", "shift+tab"):
            await pilot.press(key)
            await pilot.pause()
        assert list(footer.query(FooterKey)) == built  # the same widgets: not built again
        assert footer_keys(app)[:len(keys_that_apply(app))] == keys_that_apply(app)


async def test_the_footer_follows_the_keys_that_apply(app):
    async with started(app) as pilot:
        await settled(pilot)
        for keys in (("slash",), ("escape",), ("w",), ("1",), ("slash", "k"), ("escape",)):
            await pilot.press(*keys)
            await settled(pilot)
            shown = footer_keys(app)
            assert shown[:len(keys_that_apply(app))] == keys_that_apply(app), keys


async def test_keys_built_again_are_styled_once_with_the_footer_s_look(app):
    """Into the search box and out of it the keys change and are built again: each new
    key is styled as it is mounted, and not again by its `compact` watcher (at its
    default, then at the footer's value bound to it)."""
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        for key in ("slash", "escape"):
            built = list(footer.query(FooterKey))
            with restyled(app) as nodes:
                await pilot.press(key)
                await settled(pilot)
            keys = list(footer.query(FooterKey))
            assert keys and not set(keys) & set(built), key  # built again
            assert not [node for node in nodes if isinstance(node, FooterKey)], key
            # Each looks as Textual's footer makes it: the footer's `compact`, but for the
            # command palette's key, which keeps its own (True).
            assert all(footer_key.compact == footer_key.has_class("-compact") == (
                True if footer_key.has_class("-command-palette") else footer.compact)
                for footer_key in keys), key
            assert any(footer_key.has_class("-command-palette") for footer_key in keys), key
