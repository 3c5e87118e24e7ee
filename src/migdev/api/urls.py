"""Wire every app's router into the one API."""

from migdev.api.base import api
from migdev.consultation.analysis.api import router as analysis_router
from migdev.consultation.campaigns.api import router as campaigns_router
from migdev.consultation.questionnaires.api import router as questionnaires_router
from migdev.consultation.responses.api import router as responses_router
from migdev.cooperation.api import router as cooperation_router
from migdev.forum.api import router as forum_router
from migdev.indicators.api import router as indicators_router
from migdev.portal.api import router as portal_router
from migdev.registry.api import router as registry_router
from migdev.unsystem.api import router as unsystem_router

api.add_router("", registry_router)
api.add_router("", questionnaires_router)
api.add_router("", campaigns_router)
api.add_router("", responses_router)
api.add_router("", analysis_router)
api.add_router("", cooperation_router)
api.add_router("", unsystem_router)
api.add_router("", forum_router)
api.add_router("", indicators_router)
api.add_router("", portal_router)
