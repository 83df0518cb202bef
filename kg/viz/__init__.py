"""Pictures of a graph: one self-contained HTML page and a static picture of the actor network.

The page shows the actor network (nodes coloured by actor class, edges by relation,
edge width by the number of supporting reports; a click on a node shows its names,
Wikidata link and the sentences and sources behind each of its ties), a timeline of
events (by date, coloured by class, sized by casualties) and a map of the events whose
places have coordinates, over country outlines shipped with the package. Filters: date
range, actor, event type, source. It loads nothing from the network: data, script,
style and base map are all inside the file.

Data come from saved queries (queries/viz-*.rq) run with `kg.query.run`; ties are
aggregated to one per actor pair and relation, and the numbers of actors and events
shown are capped, with a note in the page saying so.

Errors:
    VizError (ValueError)          a picture that cannot be made or written: exit 1
    RendererMissing (ValueError)   the static picture needs the `viz` extra: exit 2

Modules: records (what is shown), read (graph -> records), picture (caps and layout),
page (the HTML file), image (the static picture), assets (where the page's files live).
"""

from __future__ import annotations

from kg.errors import RendererMissing, VizError
from kg.viz.image import write_image
from kg.viz.page import page_data, render_html, write_html
from kg.viz.picture import collect, components, layout
from kg.viz.records import Actor, Event, Limits, Picture, Place, Report, Support, Tie

__all__ = ["Actor", "Event", "Limits", "Picture", "Place", "RendererMissing", "Report",
           "Support", "Tie", "VizError", "collect", "components", "layout", "page_data",
           "render_html", "write_html", "write_image"]
