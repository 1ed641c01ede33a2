from django.core.management.base import BaseCommand

from services.catalogue.loader import (
    CATALOGUE_FILE,
    load_articles,
    load_catalogue,
    load_products,
    read_catalogue,
)


class Command(BaseCommand):
    help = (
        "Load offices, service kinds and the published service standards from "
        "services/catalogue/data/catalogue.json, and the seed knowledge base from "
        "services/catalogue/data/knowledge_articles.json, and the tariff and demo products from "
        "services/catalogue/data/products.json. Safe to run again: what exists is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOGUE_FILE), help="Catalogue JSON file.")
        parser.add_argument(
            "--update", action="store_true", help="Overwrite offices and service kinds from the file."
        )
        parser.add_argument(
            "--replace-standards",
            action="store_true",
            help="Rebuild the standard versions found in the file (discards admin edits to them).",
        )

    def handle(self, *args, **options):
        report = load_catalogue(
            read_catalogue(options["file"]),
            update=options["update"],
            replace_standards=options["replace_standards"],
        )
        self.stdout.write(self.style.SUCCESS(f"Catalogue loaded: {report}."))
        created, updated = load_articles(update=options["update"])
        self.stdout.write(self.style.SUCCESS(
            f"Knowledge base: {created} articles created, {updated} updated."))
        regulations, products = load_products()
        self.stdout.write(self.style.SUCCESS(
            f"Products: {regulations} tariff regulations and {products} products created."))
