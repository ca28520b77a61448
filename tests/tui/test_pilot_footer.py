"""The main screen's footer: the keys that apply, drawn as one line that looks and
answers the mouse as Textual's Footer does (issue 18: built from a widget for each key,
the keys shown again as the search box closed cost more than the rest of the frame)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

import agenda_tui.tui
from agenda_tui.agenda_file import agenda_from_data
from agenda_tui.tui.app import AgendaApp
from agenda_tui.tui.widgets.footer import KeysFooter
from tests.large_agenda import agenda_data
from tests.tui.conftest import build_app, counting, map_made, restyled, settled, started, whole_arrangements


def footer_line(app) -> str:
    """The footer's line as drawn on the screen."""
    footer = app.main.query_one(KeysFooter)
    return "".join(footer.render_line(0).text)


def keys_that_apply(app) -> list[str]:
    """What Textual's own Footer would show now: one key for each action, as `key
    description`, the command palette's last."""
    first_of_action: dict[str, str] = {}
    for _, binding, _, _ in app.main.active_bindings.values():
        if binding.show:
            shown = f"{app.get_key_display(binding)} {binding.description}"
            first_of_action.setdefault(binding.action, shown)
    return [*first_of_action.values(), "^p palette"]


def shows_exactly(line: str, keys: list[str]) -> bool:
    """`line` shows `keys` in order, separated by blank space only."""
    rest = line
    for key in keys:
        before, found, rest = rest.partition(key)
        if not found or before.strip(" ▏"):
            return False
    return not rest.strip()


async def test_the_footer_follows_the_keys_that_apply(app):
    async with started(app) as pilot:
        await settled(pilot)
        main_keys = footer_line(app)
        assert shows_exactly(main_keys, keys_that_apply(app)) and "b Bookmark" in main_keys
        for keys in (("slash",), ("escape",), ("w",), ("1",), ("slash", "k"), ("escape",), ("2",)):
            await pilot.press(*keys)
            await settled(pilot)
            assert shows_exactly(footer_line(app), keys_that_apply(app)), (keys, footer_line(app))
        assert footer_line(app) == main_keys
        await pilot.press("slash")
        await settled(pilot)
        assert "b Bookmark" not in footer_line(app)  # letters go to the search box


async def test_the_speakers_list_leaves_out_the_letters_it_takes(app):
    """In the Speakers tab every letter but j and k types a name into the filter: the
    footer lists no key that a letter runs elsewhere (b, n, N, e, q), and the keys that
    still act there (/ and ?) stay."""
    async with started(app) as pilot:
        await settled(pilot)
        assert "q Quit" in footer_line(app) and "b Bookmark" in footer_line(app)
        app.main.show_tab("speakers")
        await settled(pilot)
        line = footer_line(app)
        assert shows_exactly(line, keys_that_apply(app)), line
        for letter_key in ("b Bookmark", "n Now/next", "N Note", "e Export", "q Quit"):
            assert letter_key not in line, letter_key
        assert "/ Search" in line and "? Help" in line
        await pilot.press("q")  # typed, as the footer now says by leaving it out
        await settled(pilot)
        assert app.is_running and app.main.query_one("#speaker-filter").value == "q"


async def test_the_search_box_s_keys_show_in_its_first_frame_without_restyling(app, monkeypatch):
    """Into the search box and out of it, the keys change in the frame that shows the
    box or hides it; the footer holds no widget to mount, show, hide or style again."""
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        at_each_paint: list[str] = []
        paint = Screen._compositor_refresh

        def painted(screen: Screen[object]) -> None:
            paint(screen)
            at_each_paint.append(footer_line(app))  # the line this paint drew

        monkeypatch.setattr(Screen, "_compositor_refresh", painted)
        for key, searching in (("slash", True), ("escape", False), ("slash", True), ("escape", False)):
            at_each_paint.clear()
            with restyled(app) as nodes:
                await pilot.press(key)
                await settled(pilot)
            assert app.main.active_view.searching is searching
            assert at_each_paint and shows_exactly(at_each_paint[0], keys_that_apply(app)), key
            assert footer not in nodes, key
        assert not footer.children


@pytest.mark.parametrize("size", [(160, 45), (80, 24), (70, 24)], ids=["wide", "narrow", "keys-overflow"])
@pytest.mark.parametrize("long_day", [False, True], ids=["symposium", "long-day"])
async def test_slash_and_escape_lay_the_screen_out_and_paint_it_once(app, state_dir, monkeypatch, size,
                                                                    long_day):
    """The search box, its line and the footer's keys in one layout and one paint (and
    the screen arranged once, ReflowMapCompositor). The view's new height asked for
    another layout after it (no_layout_for_virtual_sizes); the scrollbar of a table
    taller than its view, fitted in the layout, for another paint."""
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
            assert "^p palette" in footer_line(app), key
        table = app.main.active_view.sessions_view
        assert table.show_vertical_scrollbar is long_day


async def test_a_click_on_a_key_runs_it(app):
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        session_id = app.main.active_view.current_session_id
        assert session_id is not None and session_id not in app.main.bookmarks
        column = footer_line(app).index("b Bookmark")
        assert await pilot.click(footer, offset=(column + 3, 0))
        await settled(pilot)
        assert session_id in app.main.bookmarks
        assert await pilot.click(footer, offset=(footer_line(app).index("/ Search") + 1, 0))
        await settled(pilot)
        assert app.main.active_view.searching


def wheel(app, kind: type[events.MouseEvent], widget, times: int = 1) -> None:
    """Turns of the wheel over `widget`, as the terminal sends them: to the App, at a
    place on the screen."""
    x, y = widget.region.x + 2, widget.region.y
    for _ in range(times):
        app.post_message(kind(None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y))


@pytest.mark.parametrize("kind", [events.MouseScrollDown, events.MouseScrollRight])
async def test_the_wheel_shows_the_keys_that_overflow_until_the_keys_change(app, kind):
    async with started(app, (50, 24)) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        first = footer_line(app)
        assert "q Quit" not in first and first.rstrip().endswith("^p palette")
        wheel(app, kind, footer, 20)
        await settled(pilot)
        assert "q Quit" in footer_line(app) and "b Bookmark" not in footer_line(app)
        assert footer_line(app).rstrip().endswith("^p palette")
        back = events.MouseScrollUp if kind is events.MouseScrollDown else events.MouseScrollLeft
        wheel(app, back, footer)
        await settled(pilot)
        assert "q Quit" not in footer_line(app) or "b Bookmark" in footer_line(app)
        # Other keys start from the first, as Textual's Footer built anew does.
        wheel(app, kind, footer, 20)
        await pilot.press("slash", "escape")
        await settled(pilot)
        assert footer_line(app) == first


async def test_the_pointer_lights_the_key_under_it_and_shows_its_tooltip(app):
    async with started(app) as pilot:
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        column = footer_line(app).index("N Note")
        await pilot.hover(footer, offset=(column + 2, 0))
        await settled(pilot)
        assert footer.tooltip == "Write a note on the highlighted session"
        assert footer.has_class("-over-key")
        lit = cells(app, footer.region.y)
        assert lit[column + 2][1].bgcolor != lit[0][1].bgcolor  # lit, unlike the first key
        # Other keys under the still pointer (into the search box): the key now there.
        await pilot.press("slash")
        await settled(pilot)
        assert not footer.has_class("-over-key") and footer.tooltip is None
        assert len({style.bgcolor for _, style in cells(app, footer.region.y)[:column + 4]}) == 1
        await pilot.press("escape")
        await settled(pilot)
        assert footer.tooltip == "Write a note on the highlighted session"


async def test_a_click_on_a_disabled_key_rings_the_bell(app, monkeypatch):
    async with started(app) as pilot:
        app.main.show_tab("about")  # no session listed: bookmark and note do nothing
        await settled(pilot)
        footer = app.main.query_one(KeysFooter)
        rung: list[int] = []
        monkeypatch.setattr(app, "bell", lambda: rung.append(1))
        bookmarks = app.main.bookmarks
        assert await pilot.click(footer, offset=(footer_line(app).index("b Bookmark") + 1, 0))
        await settled(pilot)
        assert rung == [1] and app.main.bookmarks == bookmarks
        assert await pilot.click(footer, offset=(footer_line(app).index("? Help") + 1, 0))
        await settled(pilot)
        assert rung == [1] and app.screen.query("HelpPanel")


# -- the look of Textual's Footer ------------------------------------------------------


class _FooterApp(App[None]):
    """Keys, one of them disabled, and a footer: Textual's, or the main screen's (with
    the app's styles, where its look is)."""

    CSS_PATH = Path(agenda_tui.tui.__file__).with_name(AgendaApp.CSS_PATH)

    BINDINGS = [Binding("x", "something", "Something"), Binding("z", "more", "More"),
                Binding("d", "not_now", "Not now"), Binding("ctrl+l", "long", "A longer description"),
                Binding("h", "hidden", "Hidden", show=False), Binding("y", "something", "Same again")]

    def __init__(self, footer: type[Footer] | type[KeysFooter]) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "not_now" else True


def cells(app: App[None], y: int) -> list[tuple[str, Style]]:
    """Each cell of the screen's line `y`: its character and style, as the eye sees it
    (a blank cell's foreground colour shows nothing)."""
    shown = []
    for segment in app.screen._compositor.render_strips()[y]:
        style = (segment.style or Style()).clear_meta_and_links()  # (meta: where the mouse is)
        for character in segment.text:
            if character == " " and not (style.underline or style.strike or style.reverse):
                shown.append((character, Style(bgcolor=style.bgcolor)))
            else:
                shown.append((character, style))
    return shown


@pytest.mark.parametrize("width", [100, 62, 40, 24])
@pytest.mark.parametrize("pointer", [None, 2, 20, 50], ids=["no-pointer", "on-first-key", "on-third-key",
                                                            "right-end"])
async def test_the_footer_looks_as_textual_s_footer(width, pointer):
    """Drawn the same, cell for cell and colour for colour, as Textual's Footer draws the
    same keys: each key, a disabled one dimmed, keys that overflow cut under the command
    palette's, and the key under the pointer lit."""
    drawn = []
    for footer in (Footer, KeysFooter):
        app = _FooterApp(footer)
        async with app.run_test(size=(width, 3)) as pilot:
            await pilot.pause()
            if pointer is not None and pointer < width:
                await pilot.hover(offset=(pointer, 2))
            await pilot.pause()
            drawn.append(cells(app, 2))
    assert drawn[0] == drawn[1]


class _WideFooterApp(App[None]):
    """Keys whose descriptions hold characters two cells wide, wider than the footer."""

    CSS_PATH = _FooterApp.CSS_PATH
    BINDINGS = [Binding("a", "ran('a')", "日本語の説明です"), Binding("b", "ran('b')", "Bee"),
                Binding("c", "ran('c')", "中文说明"), Binding("d", "ran('d')", "Dee")]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def action_ran(self, key: str) -> None:
        self.ran.append(key)


@pytest.mark.parametrize("turns", [0, 1, 2, 3, 5, 8])
async def test_keys_two_cells_wide_scroll_and_click_by_their_cells(turns):
    """Scrolled by cells, as it is measured: the key drawn at a column is the key a
    click there runs, and the wheel stops with the last key whole."""
    app = _WideFooterApp()
    async with app.run_test(size=(34, 3)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        wheel(app, events.MouseScrollRight, footer, turns)
        await pilot.pause()
        characters = [character for character, _ in cells(app, 2)]
        columns = list(itertools.accumulate((cell_len(character) for character in characters), initial=0))
        line = "".join(characters)
        assert columns[-1] == 34 and line.endswith("▏^p palette ")
        if turns == 8:
            assert line.endswith("d Dee ▏^p palette ")
        for key, label in (("a", "a 日本"), ("b", "b Bee"), ("c", "c 中文"), ("d", "d Dee")):
            if label in line:
                app.ran.clear()
                await pilot.click(footer, offset=(columns[line.index(label)], 0))
                await pilot.pause()
                assert app.ran == [key], (turns, line)
