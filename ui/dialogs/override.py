"""Compliance verdicts in dialogs: the live verdict panel (header and findings with citations)
and a supervisor's override of a rule that needs one (user name, password and a reason)."""

from __future__ import annotations

from enum import Enum
from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can, check_password
from app.compliance.advice import advice
from app.compliance.model import Finding, Verdict
from app.errors import CasedeskError
from app.i18n import sentences
from app.i18n import tr as _
from app.labels import RULE, VERDICT_NOW, label
from app.models import User, VerdictKind
from app.reasons import MIN_REASON, short_reason
from db.store import Database
from ui.colours import hex_of, on_scheme_change, set_role
from ui.dialogs.base import FormDialog, ok_cancel, run_modal
from ui.screen_fit import fit_on_screen, screen_of


class FindingsArea(QScrollArea):
    """The findings, asking the dialog for the height of their lines at its width, up to half
    the screen: the dialog grows to show them whole, and they scroll only past that (text at
    150 %, many findings). Squeezed, each was cut mid-sentence, its citation out of sight.

    Tab stops on them only while they scroll, framed then, so that the keyboard can read the rest
    (arrows, Page Up/Down, Home, End); otherwise Tab stays on the form's fields."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(_("Compliance findings"))
        self._scrolls(0, 0)
        self.verticalScrollBar().rangeChanged.connect(self._scrolls)

    def _scrolls(self, _least: int, most: int) -> None:
        scrolls = most > 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if scrolls else Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel if scrolls else QFrame.Shape.NoFrame)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        ends = {Qt.Key.Key_Home: bar.minimum(), Qt.Key.Key_End: bar.maximum()}
        if event.key() in ends and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            bar.setValue(ends[Qt.Key(event.key())])
        else:
            super().keyPressEvent(event)

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        inside = self.widget()
        if inside is None:
            return least
        # Their height at their narrowest, inside the frame they have while they scroll and
        # beside a scroll bar: whole then, they are whole in every state. Measured at the
        # viewport as it was, a height just enough unframed and without the bar was too short
        # once the bar (narrower lines) and the frame came, and they kept scrolling by a line
        # (now and then in the big-text test).
        style = self.style()
        framed = max(self.frameWidth(), style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth))
        bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = self.width() - 2 * framed - bar
        needed = inside.heightForWidth(width) if inside.hasHeightForWidth() else -1
        if needed < 0:
            needed = inside.sizeHint().height()
        screen = screen_of(self)
        cap = screen.availableGeometry().height() // 2 if screen is not None else needed
        needed += 2 * framed
        return QSize(least.width(), max(least.height(), min(needed, cap)))


class VerdictPanel(QFrame):
    """A coloured header with the verdict, then one line per finding with its citation."""

    # The header's badge per verdict (ui/colours.py).
    BADGES = {
        VerdictKind.ALLOWED: "badge_allowed",
        VerdictKind.WARNING: "badge_warning_badge",
        VerdictKind.NEEDS_OVERRIDE: "badge_needs_override",
        VerdictKind.BLOCKED: "badge_blocked",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(380)
        self.kind: VerdictKind | None = None
        self.shown: Verdict | None = (
            None  # drawn again, its grey words too, when the scheme changes
        )
        self.header = QLabel(_("Checking…"))
        self.header.setObjectName("verdict")
        self.header.setWordWrap(True)
        self.ruleset = QLabel()
        set_role(self.ruleset, "muted")
        self.lines: list[QLabel] = []
        findings = QWidget()
        self.body = QVBoxLayout(findings)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(8)
        self.body.addStretch(1)
        self.findings = scroll = FindingsArea()
        scroll.setWidget(findings)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>" + escape(_("Compliance check")) + "</b>"))
        layout.addWidget(self.header)
        layout.addWidget(self.ruleset)
        layout.addWidget(scroll, 1)
        self._paint(None)
        on_scheme_change(self, "_repaint")

    def _paint(self, kind: VerdictKind | None) -> None:
        set_role(self.header, self.BADGES[kind] if kind else "badge_no_verdict")

    def _repaint(self) -> None:
        if self.shown is not None and self.kind is self.shown.kind:
            self.show_verdict(self.shown)

    def _clear(self) -> None:
        for line in self.lines:
            self.body.removeWidget(line)
            line.hide()  # deleteLater waits for the event loop; don't paint it meanwhile
            line.deleteLater()
        self.lines = []

    def _add(self, html: str) -> None:
        line = QLabel(html)
        line.setWordWrap(True)
        line.setTextFormat(Qt.TextFormat.RichText)
        self.body.insertWidget(len(self.lines), line)  # above the stretch
        line.show()  # now, not when the layout gets to it: its lines count in the height asked
        self.lines.append(line)

    def show_verdict(self, verdict: Verdict) -> None:
        self.kind, self.shown = verdict.kind, verdict
        self.header.setText(label(VERDICT_NOW, verdict.kind))
        self._paint(verdict.kind)
        self.ruleset.setText(_("Rule set {name}", name=verdict.ruleset))
        self._clear()
        for finding in verdict.findings:
            self._add(finding_html(finding))
        if not verdict.findings:
            muted, said = hex_of("muted"), escape(_("No rule was triggered."))
            self._add(f'<span style="color:{muted};">{said}</span>')
        self.findings.updateGeometry()  # their height asked again

    def show_problem(self, text: str) -> None:
        """The fields cannot be checked yet (e.g. a time in the future): say why."""
        self.kind = None
        self.header.setText(_("Cannot check yet"))
        self._paint(None)
        self.ruleset.setText("")
        self._clear()
        self._add(escape(text))
        self.findings.updateGeometry()


class Overridden(Enum):
    """What a supervisor's override lets through: the dialog says it in its words."""

    CONTACT = "contact"
    BOOKING = "booking"
    RESCHEDULE = "reschedule"


def override_words(what: Overridden) -> tuple[str, str, str]:
    """The dialog's introduction, the reason's placeholder and its OK button for `what`, in the
    user's language (whole sentences: Chinese does not put a noun in an English frame)."""
    if what is Overridden.BOOKING:
        return (
            _(
                "A supervisor may allow this visit booking. Their name approves the visit; "
                "their name and the reason are kept in the audit log."
            ),
            _(
                "Why this visit booking is justified (at least {count} characters).",
                count=MIN_REASON,
            ),
            _("Override and book"),
        )
    if what is Overridden.RESCHEDULE:
        return (
            _(
                "A supervisor may allow this move of the visit. Their name approves the visit at "
                "its new time; their name and the reason are kept in the audit log."
            ),
            _(
                "Why this move of the visit is justified (at least {count} characters).",
                count=MIN_REASON,
            ),
            _("Override and reschedule"),
        )
    return (
        _(
            "A supervisor may allow this contact. Their name and the reason are kept "
            "with the contact and in the audit log."
        ),
        _("Why this contact is justified (at least {count} characters).", count=MIN_REASON),
        _("Override and save"),
    )


def finding_html(finding: Finding) -> str:
    """'rule — reason', the citation below in smaller grey text."""
    html = f"<b>{escape(label(RULE, finding.rule))}</b> — {escape(finding.text())}"
    if todo := advice(finding):  # no space after a Chinese full stop (QA: "。 今天不能…")
        html = sentences([html, f"<i>{escape(todo)}</i>"])
    if citation := finding.citation_in():
        grey = hex_of("muted_777")
        html += f'<br><span style="color:{grey}; font-size:small;">{escape(citation)}</span>'
    return html


class OverrideDialog(FormDialog):
    """Asks for a supervisor's credentials and a written reason; a refusal keeps it open."""

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        what: Overridden = Overridden.CONTACT,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.granted: tuple[User, str] | None = None
        self.setWindowTitle(_("Supervisor override"))
        words, placeholder, ok = override_words(what)
        self.intro = intro = QLabel(words)
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setPlaceholderText(_("e.g. supervisor"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(placeholder)
        self.reason.setFixedHeight(90)
        form = QFormLayout()
        form.addRow(_("Supervisor:"), self.username)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Reason:"), self.reason)
        self.buttons = ok_cancel(self, ok, self._accept_typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_on_screen(self, 520, 300)

    def _accept_typed(self) -> None:
        self.try_override(self.username.text(), self.password.text(), self.reason.toPlainText())

    def try_override(self, username: str, password: str, reason: str) -> bool:
        """Check the reason, the password and the right to override; accept only if all hold."""
        self.username.setText(username)
        self.password.setText(password)
        if self.reason.toPlainText() != reason:
            self.reason.setPlainText(reason)
        reason = reason.strip()
        refusal = short_reason(reason)
        if refusal is not None:  # the core's rule and its words (app/reasons.py)
            self.show_error(refusal.translated())
            return False
        if not username.strip() or not password:
            self.show_error(_("Enter the supervisor's user name and password."))
            return False
        try:
            # checked, not logged in: the supervisor's last login stays (QA s47 M #2)
            user = check_password(self.database.sessions, username, password)
        except CasedeskError as error:
            self.password.clear()
            self.show_error(error.translated())
            return False
        if user.must_change_password:  # an admin knows it: not a supervisor's word (as the CLI)
            self.password.clear()
            self.show_error(
                _(
                    "An administrator set the password of {user}: they log in and choose their "
                    "own first.",
                    user=user.username,
                )
            )
            return False
        if not can(user, Permission.OVERRIDE_RULES):
            self.password.clear()
            self.show_error(
                _(
                    "{user} may not override compliance rules; ask a supervisor or an admin.",
                    user=user.username,
                )
            )
            return False
        self.granted = (user, reason)
        self.error.hide()
        self.accept()
        return True

    @classmethod
    def ask(
        cls, parent: QWidget | None, database: Database, what: Overridden = Overridden.CONTACT
    ) -> tuple[User, str] | None:
        """Run the dialog for `what`; the supervisor and their reason, or None when cancelled."""
        dialog = cls(database, parent, what)
        dialog.username.setFocus()
        return run_modal(dialog, lambda: dialog.granted)
