"""The main screen's footer is built again only when it has fewer keys than it must show,
and shows other keys on those it has (issue 18: each day-tab key rebuilt it, two extra
paints of the whole screen, and `/` and escape three); it still shows the keys that
apply wherever the focus goes."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from agenda_tui.agenda_file import agenda_from_data
from agenda_tui.tui.widgets.footer import KeysFooter
from tests.large_agenda import agenda_data
from tests.tui.conftest import build_app, counting, map_made, restyled, settled, started, whole_arrangements


def footer_keys(app) -> list[tuple[str, str, str, bool]]:
    """The keys the footer shows (but the command palette's, at its end), in order."""
    return [(key.key, key.key_display, key.description, key.has_class("-disabled"))
            for key in app.main.query(FooterKey) if key.display and not key.has_class("-command-palette")]


def keys_that_apply(app) -> list[tuple[str, str, str, bool]]:
    """What Textual's own Footer would show now: one key for each action."""
    first_of_action: dict[str, tuple[str, str, str, bool]] = {}
    for _, binding, enabled, _ in app.main.active_bindings.values():
        if binding.show:
            first_of_action.setdefault(
                binding.action, (binding.key, app.get_key_display(binding), binding.description, not enabled))
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
        assert footer_keys(app) == keys_that_apply(app)


async def test_the_footer_follows_the_keys_that_apply(app):
    async with started(app) as pilot:
        await settled(pilot)
        for keys in (("slash",), ("escape",), ("w",), ("1",), ("slash", "k"), ("escape",)):
            await pilot.press(*keys)
            await settled(pilot)
            assert footer_keys(app) == keys_that_apply(app), keys
            palette = app.main.query("FooterKey.-command-palette")
            assert len(palette) == 1 and palette.first().display, keys


async def test_the_search_box_s_keys_show_in_its_first_frame_on_the_keys_built(app, monkeypatch):
    """Into the search box and out of it, the keys change: they show on the keys built
    before (none mounted or styled again), in the frame that shows the box or hides it
    (built again, they came two frames later)."""
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        built = list(footer.query(FooterKey))
        at_each_paint: list[list[tuple[str, str, str, bool]]] = []
        refresh_layout = Screen._refresh_layout

        def painted(screen: Screen[object], *args: object, **options: object) -> None:
            # The keys as this paint draws them: what runs after it (Textual's callbacks
            # after a refresh, its own refresh of the keys among them) is for the next.
            at_each_paint.append(footer_keys(app))
            refresh_layout(screen, *args, **options)

        monkeypatch.setattr(Screen, "_refresh_layout", painted)
        for key, searching in (("slash", True), ("escape", False), ("slash", True), ("escape", False)):
            at_each_paint.clear()
            with restyled(app) as nodes:
                await pilot.press(key)
                await settled(pilot)
            assert app.main.active_view.searching is searching
            assert at_each_paint and at_each_paint[0] == footer_keys(app) == keys_that_apply(app), key
            assert list(footer.query(FooterKey)) == built, key
            assert not [node for node in nodes if isinstance(node, FooterKey)], key


@pytest.mark.parametrize("size", [(160, 45), (80, 24), (70, 24)], ids=["wide", "narrow", "keys-overflow"])
@pytest.mark.parametrize("long_day", [False, True], ids=["symposium", "long-day"])
async def test_slash_and_escape_lay_the_screen_out_and_paint_it_once(app, state_dir, monkeypatch, size,
                                                                    long_day):
    """The search box, its line and the footer's keys in one layout and one paint (and
    the screen arranged once, ReflowMapCompositor). The
    keys' new widths, a line shown for the first time and the view's new height each
    asked for another layout after it (no_layout_for_virtual_sizes); the scrollbar of a
    table taller than its view, fitted in the layout, for another paint; and the footer,
    told of its keys after its messages waiting, showed them a frame late at most escapes.
    Below 80 columns, the keys overflow the footer, and its scrollbar (of no size) came
    and went with the search box's keys, laying the screen out again."""
    if long_day:
        app = build_app(state_dir, agenda=agenda_from_data(agenda_data(300), "<generated>"))
    async with started(app, size) as pilot:
        await settled(pilot)
        layouts: list[int] = []
        paints: list[int] = []
        for name, calls in (("_refresh_layout", layouts), ("_compositor_refresh", paints)):
            monkeypatch.setattr(Screen, name, counting(getattr(Screen, name), calls))
        arrangements = whole_arrangements(monkeypatch)
        for key, searching in (("slash", True), ("escape", False)) * 4:
            map_made(app.main)
            layouts.clear()
            paints.clear()
            arrangements.clear()
            await pilot.press(key)
            await settled(pilot)
            assert app.main.active_view.searching is searching
            assert (len(layouts), len(paints), len(arrangements)) == (1, 1, 1), key
            assert footer_keys(app) == keys_that_apply(app), key
        table = app.main.active_view.sessions_view
        assert table.show_vertical_scrollbar is long_day


async def test_keys_built_are_styled_once_with_the_footer_s_look(app):
    """A key Textual's Footer builds is styled as it is mounted, and not again by its
    `compact` watcher (at its default, then at the footer's value bound to it)."""
    with restyled(app) as nodes:
        async with started(app) as pilot:
            await settled(pilot)
            keys = list(app.main.query_one(KeysFooter).query(FooterKey))
            footer = app.main.query_one(KeysFooter)
    assert keys and not [node for node in nodes if isinstance(node, FooterKey)]
    # Each looks as Textual's footer makes it: the footer's `compact`, but for the
    # command palette's key, which keeps its own (True).
    assert all(key.compact == key.has_class("-compact") == (
        True if key.has_class("-command-palette") else footer.compact) for key in keys)
    assert any(key.has_class("-command-palette") for key in keys)
