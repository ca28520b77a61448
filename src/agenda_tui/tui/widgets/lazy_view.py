"""A tab's view held back until just after the first frame."""

from __future__ import annotations

from textual.widget import Widget


class LazyView(Widget):
    """Holds a tab's view until just after the first frame, then mounts it in its place
    (as textual.lazy.Lazy does) and tells the screen, which fills it at once if its tab
    was opened in the meantime: nothing else would, the tab being open already."""

    DEFAULT_CSS = "LazyView { display: none; }"

    def __init__(self, view: Widget) -> None:
        super().__init__()
        self.view = view

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_view)

    async def _mount_view(self) -> None:
        if self.parent is None:  # the app closed first
            return
        screen = self.screen
        await self.parent.mount(self.view, after=self)
        await self.remove()
        screen.view_mounted(self.view)
