"""Consultations of Member States by questionnaire (A/63/265, fn 1, ¶21–24).

Four apps, in the order data flows: questionnaires (the instrument), campaigns
(dispatch, reminders, follow-up, the roster of recipients), responses (the
replies and their versions), analysis (codebooks, coding, tallies).
"""
