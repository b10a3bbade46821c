"""One chart alone, to embed in another site: /embed?chart=SLUG&from=YYYY-MM&to=YYYY-MM&lang=uk&embed=true."""

from exchange_tracker import ui

ui.embed_page()
