from django.urls import path

from basisbaan.participants.views.contracts import ContractCreateView, ContractView
from basisbaan.participants.views.file import (
    MyDetailsView,
    ParticipantDetailView,
    ProfileEditView,
    TimelineView,
)
from basisbaan.participants.views.followups import FollowUpListView, FollowUpRecordView
from basisbaan.participants.views.imports import (
    ImportDetailView,
    ImportUploadView,
    MappingView,
    RulesView,
)
from basisbaan.participants.views.lifecycle import AssignView, PriorityView, TransitionView
from basisbaan.participants.views.lists import CaseloadsView, ParticipantListView, WaitingListView
from basisbaan.participants.views.referrals import (
    MyReferralsView,
    ReferralCreateView,
    ReferralDeclineView,
    ReferralDetailView,
    ReferralIntakeView,
    ReferralListView,
    WithdrawView,
)
from basisbaan.participants.views.requests import (
    EraseView,
    RectifyView,
    SubjectExportView,
    SubjectRegisterView,
    SubjectRequestsView,
    SubjectRequestView,
)
from basisbaan.participants.views.screening import (
    OverrideView,
    ScanCreateView,
    ScanView,
    ScreeningView,
    ScreenView,
)

app_name = "participants"
urlpatterns = [
    path("deelnemers/", ParticipantListView.as_view(), name="list"),
    path("deelnemers/mijn-gegevens/", MyDetailsView.as_view(), name="my_details"),
    path("deelnemers/wachtlijst/", WaitingListView.as_view(), name="waiting_list"),
    path("deelnemers/caseload/", CaseloadsView.as_view(), name="caseloads"),
    path("deelnemers/nazorg/", FollowUpListView.as_view(), name="follow_ups"),
    path("deelnemers/nazorg/<int:pk>/", FollowUpRecordView.as_view(), name="follow_up"),
    path("deelnemers/import/", ImportUploadView.as_view(), name="import"),
    path("deelnemers/import/<int:pk>/", ImportDetailView.as_view(), name="import_detail"),
    path("deelnemers/import/kolommen/", MappingView.as_view(), name="mapping"),
    path("deelnemers/regels/", RulesView.as_view(), name="rules"),
    path("deelnemers/avg-verzoeken/", SubjectRegisterView.as_view(), name="subject_register"),
    # Referrals by partners: the partner's form and list; the programme's list and decision.
    path("aanmelden/", ReferralCreateView.as_view(), name="refer"),
    path("mijn-aanmeldingen/", MyReferralsView.as_view(), name="my_referrals"),
    path("mijn-aanmeldingen/<int:pk>/intrekken/", WithdrawView.as_view(), name="referral_withdraw"),
    path("deelnemers/aanmeldingen/", ReferralListView.as_view(), name="referrals"),
    path("deelnemers/aanmeldingen/<int:pk>/", ReferralDetailView.as_view(), name="referral"),
    path(
        "deelnemers/aanmeldingen/<int:pk>/intake/",
        ReferralIntakeView.as_view(),
        name="referral_intake",
    ),
    path(
        "deelnemers/aanmeldingen/<int:pk>/niet-opnemen/",
        ReferralDeclineView.as_view(),
        name="referral_decline",
    ),
    path("deelnemers/<int:pk>/", ParticipantDetailView.as_view(), name="detail"),
    path("deelnemers/<int:pk>/profiel/", ProfileEditView.as_view(), name="profile_edit"),
    path("deelnemers/<int:pk>/status/", TransitionView.as_view(), name="transition"),
    path("deelnemers/<int:pk>/toewijzen/", AssignView.as_view(), name="assign"),
    path("deelnemers/<int:pk>/prioriteit/", PriorityView.as_view(), name="priority"),
    path("deelnemers/<int:pk>/screening/", ScreeningView.as_view(), name="screening"),
    path("deelnemers/<int:pk>/screenen/", ScreenView.as_view(), name="screen"),
    path(
        "deelnemers/<int:pk>/screening/<int:screening>/overrulen/",
        OverrideView.as_view(),
        name="override",
    ),
    path("deelnemers/<int:pk>/scan/", ScanView.as_view(), name="scan"),
    path("deelnemers/<int:pk>/scan/nieuw/", ScanCreateView.as_view(), name="scan_new"),
    path("deelnemers/<int:pk>/contract/", ContractView.as_view(), name="contract"),
    path(
        "deelnemers/<int:pk>/contract/nieuw/",
        ContractCreateView.as_view(),
        name="contract_new",
    ),
    path("deelnemers/<int:pk>/tijdlijn/", TimelineView.as_view(), name="timeline"),
    # Data-subject requests (AVG): the person's register, export, corrections, erasure.
    path("deelnemers/<int:pk>/avg/", SubjectRequestsView.as_view(), name="subject_requests"),
    path(
        "deelnemers/<int:pk>/avg/<int:nr>/",
        SubjectRequestView.as_view(),
        name="subject_request",
    ),
    path(
        "deelnemers/<int:pk>/avg/<int:nr>/export.<str:fmt>",
        SubjectExportView.as_view(),
        name="subject_export",
    ),
    path(
        "deelnemers/<int:pk>/avg/<int:nr>/correctie/",
        RectifyView.as_view(),
        name="subject_rectify",
    ),
    path(
        "deelnemers/<int:pk>/avg/<int:nr>/wissen/",
        EraseView.as_view(),
        name="subject_erase",
    ),
]
