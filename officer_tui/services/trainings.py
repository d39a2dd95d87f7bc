"""Competence building: programmes, target units, sessions, enrollments; the training feed."""

from __future__ import annotations

from sqlalchemy import Select, case, literal, select

from officer_tui.i18n import N_
from officer_tui.models.enums import EnrollmentStatus, RecordKind
from officer_tui.models.training import Enrollment, TrainingProgramme, TrainingSession

# How a person took part in a session, by enrollment status (message ids).
ENROLLMENT_ROLES = {
    EnrollmentStatus.INVITED: N_("invited to training"),
    EnrollmentStatus.REGISTERED: N_("registered for training"),
    EnrollmentStatus.WAITLISTED: N_("on the waiting list"),
    EnrollmentStatus.ATTENDED: N_("attended training"),
    EnrollmentStatus.EXCUSED: N_("excused from training"),
    EnrollmentStatus.NO_SHOW: N_("did not show up"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
}


def trainings_feed(*, contact_only: bool = False) -> Select:
    """Training sessions a person was enrolled in, on the session's day (services.timeline).

    ``contact_only`` keeps only sessions the person attended.
    """
    role = case(
        *((Enrollment.status == value.value, literal(text))
          for value, text in ENROLLMENT_ROLES.items()),
        else_=literal(ENROLLMENT_ROLES[EnrollmentStatus.REGISTERED]),
    )
    statement = (
        select(
            Enrollment.contact_id.label("contact_id"),
            TrainingSession.held_on.label("happened_on"),
            literal(RecordKind.TRAINING_SESSION.value).label("kind"),
            TrainingSession.id.label("record_id"),
            TrainingProgramme.title.label("title"),
            role.label("role"),
        )
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id)
    )
    if contact_only:
        statement = statement.where(Enrollment.status == EnrollmentStatus.ATTENDED.value)
    return statement
