"""Editing the hotspot data: the core behind the Beheer page (never imports streamlit).

- :mod:`~hotspots.editing.ids`: an id made from a name, unique, and kept once made.
- :mod:`~hotspots.editing.checks`: a feature built from a form, validated with
  the data file's schema and Dutch messages plus the rules only editing needs
  (inside the Netherlands, text limits, no control characters), problems per field.
- :mod:`~hotspots.editing.diff`: readable Dutch field changes ("Fase: opkomst → groei").
- :mod:`~hotspots.editing.store`: the data folder, a git repository (dulwich):
  atomic writes, one commit per save (editor as author, the reason as message),
  history, restore as a new commit, conflict detection, a cross-process file lock.
- :mod:`~hotspots.editing.access`: who may edit (e-mail addresses and domains).
"""
