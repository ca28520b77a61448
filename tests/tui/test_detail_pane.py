"""The detail pane follows the cursor without laying the screen out: a new text, long or
short, repaints the pane; only the first text that needs a scrollbar changes its size."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from agenda_tui.tui.widgets.detail_pane import MORE_BELOW, DetailPane
from tests.tui.conftest import build_app, settled, started

MORE = MORE_BELOW[-1]  # the start of each wording

BRUSSELS = ZoneInfo("Europe/Brussels")


async def test_moving_between_long_and_short_details_lays_nothing_out(state_dir, fosdem, monkeypatch):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (160, 45)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        await pilot.press(*["j"] * 12)  # past a detail long enough for the scrollbar
        await settled(pilot)
        laid_out: list[str] = []
        real_refresh = Widget.refresh

        def refresh(widget, *regions, layout=False, **options):
            if layout:
                laid_out.append(type(widget).__name__)
            return real_refresh(widget, *regions, layout=layout, **options)

        monkeypatch.setattr(Widget, "refresh", refresh)
        texts, heights = set(), set()
        for key in ["j"] * 20 + ["k"] * 20:
            await pilot.press(key)
            texts.add(pane.text.plain)
            heights.add(pane.line_count)  # its lines, wrapped to the pane
        await settled(pilot)
        assert len(texts) > 15 and min(heights) < pane.size.height < max(heights)  # short and long
        assert laid_out == []


@pytest.mark.parametrize("size", [(160, 45), (80, 30)])  # beside the table; below it, under a border
async def test_a_new_text_repaints_the_lines_that_changed_and_no_others(state_dir, fosdem, monkeypatch, size):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, size) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        content = pane.scrollable_content_region
        whole = Region(0, 0, *pane.outer_size)
        left, top = content.offset - pane.region.offset
        repainted: list[int] = []
        real_refresh = Widget.refresh

        def refresh(widget, *regions, **options):
            if widget is pane:  # regions of its content; none: the whole pane
                for region in regions or (content.reset_offset,):
                    repainted.extend(region.line_range)
            return real_refresh(widget, *regions, **options)

        monkeypatch.setattr(Widget, "refresh", refresh)
        partial = 0
        for key in ["j"] * 25 + ["k"] * 5:
            before = [pane.render_line(y).text for y in range(content.height)]
            repainted.clear()
            await pilot.press(key)
            await settled(pilot)
            after = [pane.render_line(y).text for y in range(content.height)]
            changed = {y for y in range(content.height) if before[y] != after[y]}
            assert changed <= set(repainted)  # every line that changed is repainted
            partial += len(set(repainted)) < content.height
            # and what the screen is given is the new text, line for line (a line not
            # repainted would come from Textual's cache of what was drawn before)
            drawn = [strip.text for strip in pane.render_lines(whole)]
            assert [line[left:].rstrip() for line in drawn[top:top + content.height]] == \
                [line.rstrip() for line in after]
        assert top == pane.gutter.top and partial > 10  # most moves repaint only some lines


async def test_a_new_text_starts_at_its_top_and_wraps_to_the_pane(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        for _ in range(30):  # to a detail taller than the pane
            await pilot.press("j")
            if pane.virtual_size.height > pane.size.height:
                break
        await settled(pilot)
        assert pane.virtual_size.height > pane.size.height and pane.show_vertical_scrollbar
        pane.scroll_to(y=5, animate=False, immediate=True)
        await pilot.press("j")
        await settled(pilot)
        assert pane.scroll_y == 0
        width = pane.scrollable_content_region.width
        lines = [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]
        assert all(len(line) == width for line in lines)
        assert lines[0].strip() and lines[0].strip() in pane.text.plain


async def test_the_wheel_scrolls_a_long_detail(state_dir, fosdem):
    from textual import events

    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        for _ in range(30):
            await pilot.press("j")
            if pane.virtual_size.height > pane.size.height + 3:
                break
        await settled(pilot)
        first = pane.render_line(0).text
        for _ in range(3):
            pane.post_message(events.MouseScrollDown(pane, 1, 1, 0, 0, 0, False, False, False))
        await settled(pilot)
        assert pane.scroll_y > 0 and pane.render_line(0).text != first


async def test_a_long_detail_says_there_is_more_on_its_last_line_until_scrolled_to_its_end(state_dir, fosdem):
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        height = pane.scrollable_content_region.height
        seen_long = seen_short = False
        for _ in range(40):
            await pilot.press("j")
            await settled(pilot)
            last = pane.render_lines(Region(0, 0, *pane.outer_size))[pane.gutter.top + height - 1].text
            if pane.line_count > height + 1:  # (a text ends in a blank line, which does not count)
                seen_long = True
                assert MORE in last
            elif pane.line_count <= height:
                seen_short = True
                assert MORE not in last
            if seen_long and seen_short and pane.line_count > height + 2:
                break
        assert seen_long and seen_short
        assert pane.vertical_scrollbar.size.width == 0  # the line says it, not a scrollbar
        pane.scroll_to(y=pane.line_count - height, animate=False, immediate=True)
        await settled(pilot)
        lines = [pane.render_line(y).text.rstrip() for y in range(height)]
        assert MORE not in "".join(lines)  # the text's own last lines
        assert pane.text.plain.rstrip()[-12:] in " ".join(line.strip() for line in lines)
        pane.scroll_to(y=1, animate=False, immediate=True)
        await settled(pilot)
        assert MORE in pane.render_line(height - 1).text


class _PaneApp(App[None]):
    CSS = "DetailPane { overflow-y: scroll; scrollbar-size-vertical: 0; }"

    def compose(self) -> ComposeResult:
        yield DetailPane()


@pytest.mark.parametrize(("size", "lines", "marked", "wording"), [
    ((60, 5), 5, False, None),  # as tall as the pane, then a blank line: all of it shows
    ((60, 5), 6, True, MORE_BELOW[0]),
    ((30, 5), 6, True, MORE_BELOW[1]),  # a narrower pane, a shorter wording
    ((10, 5), 6, True, MORE_BELOW[2]),
    ((60, 1), 3, False, None),  # one row: the text's first line, not the marker
])
async def test_the_more_line_counts_no_blank_line_and_fits_the_pane(size, lines, marked, wording):
    app = _PaneApp()
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(Text("\n".join(f"line {n}" for n in range(1, lines + 1)) + "\n\n"))
        await pilot.pause()
        shown = [pane.render_line(y).text.rstrip() for y in range(pane.scrollable_content_region.height)]
        assert (MORE in shown[-1]) == marked, shown
        if wording is not None:
            assert shown[-1] == wording
        else:
            assert shown == [f"line {n}" for n in range(1, len(shown) + 1)]


async def test_the_lines_follow_the_theme_and_the_width(state_dir):
    """Each line is drawn once for the pane's style and width: a new theme or a new width
    draws them again."""
    app = build_app(state_dir)
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        first = pane.render_line(0)
        assert first.text.strip() and first.text.strip() in pane.text.plain
        background = {segment.style.bgcolor for segment in first if segment.style}
        assert background == {pane.rich_style.bgcolor}
        app.theme = "gruvbox" if app.theme != "gruvbox" else "nord"
        await settled(pilot)
        themed = pane.render_line(0)
        assert themed.text == first.text
        assert {segment.style.bgcolor for segment in themed if segment.style} == {pane.rich_style.bgcolor}
        assert pane.rich_style.bgcolor not in background
        width = pane.scrollable_content_region.width
        await pilot.resize_terminal(100, 40)
        await settled(pilot)
        assert pane.scrollable_content_region.width < width
        assert all(pane.render_line(y).cell_length == pane.scrollable_content_region.width
                   for y in range(pane.scrollable_content_region.height))


async def test_going_back_to_a_session_reuses_its_wrapped_lines(state_dir, fosdem, monkeypatch):
    from rich.text import Text

    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (120, 40)) as pilot:
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        wrapped: list[str] = []
        real_wrap = Text.wrap

        def wrap(text, *args, **options):
            wrapped.append(text.plain)
            return real_wrap(text, *args, **options)

        monkeypatch.setattr(Text, "wrap", wrap)
        first = pane.text.plain  # wrapped already
        seen: dict[str, list[str]] = {}
        for key in ["j", "k"] * 4 + ["j", "j", "k", "k"]:
            await pilot.press(key)
            await settled(pilot)
            width = pane.scrollable_content_region.width
            lines = [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]
            seen.setdefault(pane.text.plain, lines)
            assert lines == seen[pane.text.plain]  # as first drawn
            fresh = [line.plain for line in real_wrap(pane.text, app.console, width)]
            shown = min(len(lines) - (MORE in lines[-1]), len(fresh))  # above the "more" line
            assert [line.rstrip() for line in lines[:shown]] == [line.rstrip() for line in fresh[:shown]]
        assert len(seen) == 3 and first in seen
        assert sorted(wrapped) == sorted(set(seen) - {first})  # each text wrapped once
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"  # new colours: drawn again
        await settled(pilot)
        for key in ["", "j", "k"]:  # this text, and those kept from before
            if key:
                await pilot.press(key)
                await settled(pilot)
            assert {segment.style.bgcolor for segment in pane.render_line(0) if segment.style} == {
                pane.rich_style.bgcolor}


async def test_a_narrower_pane_is_wrapped_in_the_frame_that_shows_it(state_dir, fosdem, monkeypatch):
    """Sunday as a grid, Saturday as a table: the detail pane beside the grid is narrower.
    Its lines are wrapped for the new width as it is first drawn, with no horizontal
    scrollbar, and not again when Textual's news of the new size comes (a wrap then would
    paint the pane a second time)."""
    app = build_app(state_dir, agenda=fosdem, at=datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS))
    async with started(app, (160, 45)) as pilot:
        await pilot.press("2", "g", "1")
        await settled(pilot)
        pane = app.main.active_view.query_one(DetailPane)
        wide = pane.scrollable_content_region.width
        real_wrap, real_on_resize = DetailPane._wrap, DetailPane.on_resize
        wrapped: list[tuple[str, int]] = []  # (why, width)
        why = ["a new text"]

        def wrap(self):
            real_wrap(self)
            wrapped.append((why[0], self._wrapped_at))

        def on_resize(self):
            why[0] = "news of the size"
            real_on_resize(self)
            why[0] = "a new text"

        def render_line(self, y):
            why[0] = "drawing"
            try:
                return real_render_line(self, y)
            finally:
                why[0] = "a new text"

        real_render_line = DetailPane.render_line
        monkeypatch.setattr(DetailPane, "_wrap", wrap)
        monkeypatch.setattr(DetailPane, "on_resize", on_resize)
        monkeypatch.setattr(DetailPane, "render_line", render_line)
        await pilot.press("2")
        await settled(pilot)
        narrow = pane.scrollable_content_region.width
        assert narrow < wide and not pane.show_horizontal_scrollbar
        assert ("drawing", narrow) in wrapped and ("news of the size", narrow) not in wrapped
