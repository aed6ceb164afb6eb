"""The Dashboard: the day at a glance — overdue by bucket, recovery this month against last,
promises, what waits for approval, visits, complaints and training — each tile and chart opening
the list behind it.

The page reloads when the hub announces a change it shows (and when it is shown again after a
change arrived while hidden), never on a timer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.cases.delinquency import BUCKET_NAMES
from app.errors import CasedeskError
from app.i18n import Counted, plural
from app.i18n import tr as _
from app.models import User
from app.money import fmt
from app.queries.approvals import approver
from app.queries.cases import QueueFilter
from app.queries.dashboard import Dashboard, dashboard, late_checkouts, not_checked_in
from app.queries.dashboard_safety import safety_words
from db.store import Database
from ui.colours import set_role
from ui.deferred import after_first_paint
from ui.pages.dashboard_tile import Tile
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE, section_label, title_label

if TYPE_CHECKING:
    from ui.charts import AgingChart, RecoveryChart

CHART_HEIGHT = 160

WATCHES = {
    "case",
    "payment",
    "loan",
    "promise",
    "contact",
    "visit",
    "agreement",
    "complaint",
    "training",
    "training_record",
    "course",
    "user",
    "setting",
    "office",
    "day",  # the office's midnight passed (ui/day_watch.py): today is another day
}
CURRENCY_SIGN = dict(CNY="¥", USD="$", GBP="£", EUR="€", HKD="HK$")  # symbols, not words
# Tile key → (title msgid, where a click goes). The target is routed by the main window.
TILES = (
    ("overdue", "Overdue"),
    ("recovered", "Recovered this month"),
    ("promises_due", "Promises due today"),
    ("promises_broken", "Promises broken in the last 7 days"),
    ("agreements_breached", "Agreements breached"),
    ("approvals", "Waiting for approval"),
    ("visits_today", "Visits today"),
    ("late_checkouts", "Visits needing a safety call"),
    ("complaints", "Complaints near their deadline"),
    ("training_expiring", "Training expiring"),
    ("training_lapsed", "Training lapsed or missing"),
    ("contacted", "Contacted today"),
)
ROW = 4  # tiles a row: three rows of four
CHART_TITLES = (
    "Overdue amount by bucket (click a bar for its cases)",
    "Recovered this month against last month",
)


def money(minor: int, currency: str) -> str:
    return f"{CURRENCY_SIGN.get(currency, currency + ' ')}{fmt(minor)}"


class DashboardPage(QWidget):
    """Tiles and charts; `open_list(target, parameter)` asks the window to show a list."""

    open_list = Signal(str, object)

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hub = hub
        self.user = user
        self.figures: Dashboard | None = None
        self.stale = False
        # The late check-out tile is a safety alert the clock raises, with no change announced:
        # counted again each minute (QA: it kept the count of when the page was last refreshed).
        self.late_timer = QTimer(self)
        self.late_timer.setInterval(60_000)
        self.late_timer.timeout.connect(self.check_late)
        self.late_timer.start()
        self.heading = title_label()
        self.error = QLabel()
        set_role(self.error, ERROR_ROLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, (key, title) in enumerate(TILES):
            tile = Tile(key, title)
            tile.clicked.connect(lambda key=key: self.open_tile(key))
            self.tiles[key] = tile
            # Money and promises on the first row; breaches, approvals, visits; then complaints,
            # training and the contacts logged today.
            grid.addWidget(tile, n // ROW, n % ROW)
        for column in range(ROW):
            grid.setColumnStretch(column, 1)
        # The charts (pyqtgraph) are built after the page's first paint: the figures come first.
        self._charts: tuple[AgingChart, RecoveryChart] | None = None
        # Each chart's place, empty until the chart is built into it. Not a stand-in swapped
        # for the chart with replaceWidget: the layout item it hands back is the caller's to
        # delete, which PySide never does (its wrapper, kept by the box's addLayout, not owning).
        self.chart_places: list[QVBoxLayout] = []
        charts = QHBoxLayout()
        charts.setSpacing(12)
        for heading in CHART_TITLES:
            box = QVBoxLayout()
            box.addWidget(section_label(heading))
            place = QWidget()  # at least CHART_HEIGHT, then the room left (not the chart's 480)
            place.setMinimumHeight(CHART_HEIGHT)
            place.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
            inside = QVBoxLayout(place)
            inside.setContentsMargins(0, 0, 0, 0)
            box.addWidget(place, 1)
            self.chart_places.append(inside)
            charts.addLayout(box, 1)
        # Scrolls: at 1366×768 with text at 150 % the tiles' last lines were cut off.
        body, scroll = QWidget(), QScrollArea()
        scroll.setAccessibleName(_("Dashboard"))  # Tab stops on it: a screen reader names it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.error)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        scroll.setWidget(body)
        hub.changed.connect(self._on_changed)
        self.refresh()
        after_first_paint(body, self.charts)  # the page itself, covered by it, is never painted

    # --- charts ---------------------------------------------------------------------------
    def charts(self) -> tuple[AgingChart, RecoveryChart]:
        """The two charts, built (and drawn from the figures) the first time they are needed."""
        if self._charts is None:
            from ui.charts import AgingChart, RecoveryChart

            aging = AgingChart(BUCKET_NAMES)
            aging.bucket_clicked.connect(self.open_bucket)
            recovery = RecoveryChart()
            recovery.clicked.connect(lambda: self.open_tile("recovered"))
            charts = (aging, recovery)
            for place, chart in zip(self.chart_places, charts, strict=True):
                chart.setMinimumHeight(CHART_HEIGHT)
                place.addWidget(chart)
            # Tab goes through the tiles, then the charts as they read: left, then right.
            QWidget.setTabOrder(self.tiles[TILES[-1][0]], aging)
            QWidget.setTabOrder(aging, recovery)
            self._charts = (aging, recovery)
            if self.figures is not None:
                self._draw_charts(self.figures)
        return self._charts

    @property
    def aging(self) -> AgingChart:
        return self.charts()[0]

    @property
    def recovery(self) -> RecoveryChart:
        return self.charts()[1]

    def _draw_charts(self, d: Dashboard) -> None:
        aging, recovery = self.charts()

        def amount(minor: int) -> str:
            return money(minor, d.currency)

        aging.set_figures(d.buckets, amount)
        recovery.set_series(d.daily_this_month, d.daily_last_month, amount)

    # --- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure in a few SQL queries and redraw."""
        self.stale = False
        try:
            with self.database.sessions() as session:
                self.figures = dashboard(session, self.user)
        except CasedeskError as error:
            self.error.setText(error.translated())
            self.error.show()
            return
        self.error.hide()
        self._show(self.figures)

    def check_late(self) -> None:
        """A visit past its end since the figures were counted, or one no longer late, brings
        them up to date: at once when the page is shown, else when it is next shown."""
        if self.figures is None:
            return
        try:
            with self.database.sessions() as session:
                late = late_checkouts(session, self.user)
                missed = not_checked_in(session, self.user)
        except CasedeskError:
            return  # the next minute tries again
        figures = self.figures
        if (late, missed) == (figures.visits_late_checkout, figures.visits_not_checked_in):
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def _show(self, d: Dashboard) -> None:
        self.heading.setText(d.days_said() or _("Today, {date}", date=d.as_of.isoformat()))
        cur = d.currency
        t = self.tiles
        overdue = plural(d.overdue_count, "{count} open overdue case", "{count} open overdue cases")
        t["overdue"].set(money(d.overdue_amount, cur), overdue)
        change = d.recovered_this_month - d.recovered_last_month_to_date
        sign = "+" if change >= 0 else "−"
        t["recovered"].set(
            money(d.recovered_this_month, cur),
            _(
                "{change} against last month to date; last month in all {total}",
                change=f"{sign}{money(abs(change), cur)}",
                total=money(d.recovered_last_month, cur),
            ),
            about=_(
                "Paid to the debt this month on loans while they were in collection, those that "
                "fell overdue this month included (an overpayment kept as credit left out). The "
                "portfolio report's recovery rate counts only the loans overdue the day before "
                "its period."
            ),
        )
        t["promises_due"].set(f"{d.promises_due_today:,}", _("open cases with a promise due today"))
        t["promises_broken"].set(
            f"{d.promises_broken_this_week:,}",
            _(
                "open cases with a promise due {start} – {end}, not kept",
                start=d.broken_due_from.isoformat(),
                end=d.broken_due_to.isoformat(),
            ),
            alert=d.promises_broken_this_week > 0,
            about=_(
                "A promise is broken when its due day ends without the amount paid in full "
                "(nothing paid, or only part): these broke in the 7 days ending today, whatever "
                "the queue date. A case with several counts once."
            ),
        )
        t["agreements_breached"].set(
            f"{d.agreements_breached:,}",
            _("open cases back in the queue, nothing done since the breach"),
            alert=d.agreements_breached > 0,
            about=_(
                "Cases whose latest repayment agreement was breached (an instalment not paid in "
                "full by its due date) and where no contact was logged and no promise made since. "
                "The breach also raises the case's priority."
            ),
        )
        counts = {
            "agreements": Counted(d.waiting_agreements, "{count} agreement", "{count} agreements"),
            "visits": Counted(d.waiting_visits, "{count} visit", "{count} visits"),
        }
        t["approvals"].set(
            f"{d.waiting_agreements + d.waiting_visits:,}",
            _("{agreements}, {visits} to approve", **counts)
            if approver(self.user)
            else _("{agreements}, {visits} wait for a supervisor", **counts),
        )
        t["visits_today"].set(
            f"{d.visits_today:,}",
            _(
                "{ahead} booked or under way, {over} finished",
                ahead=f"{d.visits_today_ahead:,}",
                over=f"{d.visits_today_over:,}",
            ),
        )
        t["late_checkouts"].set(
            f"{d.visits_safety_calls:,}",
            safety_words(d, approver(self.user)),
            alert=d.visits_safety_calls > 0,
            about=_(
                "A visit under way past its end (and the office's grace) with no check-out, or a "
                "booked visit whose time passed with no check-in: its team has not been heard "
                "from."
            ),
        )
        t["complaints"].set(
            f"{d.complaints_near_deadline:,}",
            _("open, answer due within 3 days or overdue"),
            alert=d.complaints_near_deadline > 0,
        )
        t["training_expiring"].set(
            f"{d.training_expiring:,}", _("agents with a course expiring within 30 days")
        )
        t["training_lapsed"].set(
            f"{d.training_lapsed:,}",
            _("agents who may not do some work"),
            alert=d.training_lapsed > 0,
        )
        done = d.today
        t["contacted"].set(
            f"{done.cases:,}",
            _(
                "open cases; {contacts}: {conversations}, {promises}",
                contacts=Counted(done.contacts, "{count} contact", "{count} contacts"),
                conversations=Counted(
                    done.conversations, "{count} conversation", "{count} conversations"
                ),
                promises=Counted(
                    done.promises, "{count} promise to pay", "{count} promises to pay"
                ),
            ),
            about=_(
                "Calls, SMS and letters logged today on the cases you see; a conversation is a "
                "call that reached someone."
            ),
        )
        if self._charts is not None:
            self._draw_charts(d)

    def _on_changed(self, entities: set[str]) -> None:
        if not entities & WATCHES:
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True  # refreshed when shown: no work for a page nobody looks at

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.stale:
            self.refresh()

    # --- click-through --------------------------------------------------------------------
    def open_bucket(self, bucket: str) -> None:
        self.open_list.emit("queue", QueueFilter(bucket=bucket))

    def first_stop(self) -> Tile | None:
        """Where the keys go as the page comes up by the keyboard (Ctrl+1, the palette): the
        first tile, framed as it has them (on the page's scroll area they showed nowhere)."""
        return next((t for t in self.tiles.values() if t.isVisibleTo(self)), None)

    def open_tile(self, key: str) -> None:
        """Ask the window for the list behind a tile."""
        d = self.figures
        target: tuple[str, Any] = {
            "overdue": ("queue", QueueFilter(overdue=True)),
            "recovered": ("recovery", None),
            "promises_due": ("queue", QueueFilter(promise_due_today=True)),
            "promises_broken": (
                "queue",
                QueueFilter(
                    promise_broken_from=d.broken_due_from if d else None,
                    promise_broken_to=d.broken_due_to if d else None,
                ),
            ),
            "agreements_breached": ("queue", QueueFilter(status="agreement_breached")),
            "approvals": ("approvals", None),
            "visits_today": ("visits", "today"),
            "late_checkouts": ("visits", "late"),
            "complaints": ("complaints", None),
            "training_expiring": ("training", "expiring"),
            "training_lapsed": ("training", "lapsed"),
            "contacted": ("queue", QueueFilter(contacted_today=True)),
        }[key]
        self.open_list.emit(*target)
