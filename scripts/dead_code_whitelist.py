"""What only code outside Python uses, for scripts/dead_code.py (vulture).

Each line names a function, method, class or property and says who uses it:
a template, a dotted path in the settings or the URL configuration, or a
framework that calls it by its name. Vulture reads this file; it is never
imported. Code used only by tests does not belong here: it is dead.
"""

# ruff: noqa: B018
_ = object()

# Dotted paths in settings/base.py and urls.py.
_.navigation  # TEMPLATES context_processors
_.csrf_failure  # CSRF_FAILURE_VIEW
_.locked_out  # AXES_LOCKOUT_CALLABLE
_.client_ip  # AXES_CLIENT_IP_CALLABLE
_.bad_request  # urls.handler400
_.permission_denied  # urls.handler403
_.page_not_found  # urls.handler404
_.server_error  # urls.handler500
_.SecretariatAdminSite  # web.apps: default_site

# Called by their frameworks.
_.get_openapi_schema  # ninja: NinjaAPI builds the OpenAPI document with it
_._create  # core api_token command: getattr(self, f"_{action}")
_._list  # idem
_._revoke  # idem

# Templates.
_.missing_text  # reports/detail.html (a translation's missing paragraphs)
_.outdated_text  # reports/detail.html (a translation's outdated paragraphs)
_.period_label  # cooperation/mechanism_list.html, mechanism_detail.html, classification.html
_.suppresses_cells  # analysis/tally.html
_.all_checked  # campaigns/campaign_form.html
_.state_groups  # campaigns/campaign_form.html
_.replied_percent  # campaigns/_group_table.html
_.complete  # questionnaires/questionnaire_detail.html
_.get_type_display  # questionnaires/questionnaire_detail.html (compiled questions)
_.checklist  # cooperation/assessment_form.html (AssessmentForm)
_.tail  # cooperation/assessment_form.html (AssessmentForm)

# The Python API of migdev.stats, a library used outside the site too
# (docs/stats-stock.md): what it offers its callers is not dead.
_.imputed_codes  # stats/stock/engine.py: StockEstimate.imputed_codes
