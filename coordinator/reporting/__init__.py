"""Programme health and reports: band histories, the Dashboard's figures, the monthly report,
hand-over packs and recognition of volunteers (no Qt; the PDF is made in ``coordinator_ui``).

Import from the modules (this package imports nothing, so the Dashboard — the window's first
page — loads only its chart layouts at start-up):

- ``history``: ``load_histories(session, thresholds, until=None)``, ``CommunityHistory``,
  ``band_trend``, month helpers — every community's band month by month, in one pass
- ``programme``: ``programme_health(database, today=None, month=None) -> ProgrammeHealth``
- ``monthly``: ``monthly_report(database, month=None, today=None) -> MonthlyReport``
- ``handover``: ``handover_pack(database, assignment_ids=(), community_ids=()) -> HandoverPack``
- ``recognition``: ``volunteer_recognition(database, until=None) -> list[Recognition]``
- ``charts`` / ``drawing``: chart layouts as ``Drawing``s, and ``to_svg``
- ``monthly_html`` / ``handover_html`` / ``html``: the documents (browser or Qt flavour)
- ``files``: ``write_monthly_report(report, out)`` (.html/.csv), ``write_handover(pack, out)``
"""
