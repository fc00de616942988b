"""The locator map's import path for the notebooks (``from edition import maps``): the code is
:mod:`edition.charts.maps`."""

from edition.charts.maps import *  # noqa: F401,F403
from edition.charts.maps import LAYOUTS, locator_map, locator_maps, places_table  # noqa: F401
