"""The shape issue 16 gave the code, kept by the suite: the core (requests_app) names no service, the
service apps import the core and the catalogue but never each other, no module imports itself back
through others (function-level imports count), and modules and functions stay small."""
import ast
from pathlib import Path

import pytest

from requests_app.registry import service_types

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "complaints", "desk", "performance", "pst_portal", "replies", "requests_app",
            "services")
CORE = "requests_app"
SERVICE_APPS = ("services.consultation", "services.product_sales", "services.recommendation")
# Apps that serve every service (the walk-in desk): they import the core and the catalogue, never a service.
CROSS_SERVICE_APPS = ("desk", "performance", "replies")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 60


def first_party_modules():
    """{dotted name: path} of the project's modules, migrations left out."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported(module, path, known):
    """The first-party modules ``module`` imports anywhere in its code (a function's lazy import too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(name for name in names if name in known and name != module)
    return found


@pytest.fixture(scope="module")
def graph():
    modules = first_party_modules()
    return {module: imported(module, path, modules) for module, path in modules.items()}


def cycles(graph):
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back_through_others(graph):
    assert cycles(graph) == []


def test_the_core_imports_no_service_app(graph):
    wrong = {module: sorted(target for target in targets if target.startswith(SERVICE_APPS))
             for module, targets in graph.items() if module.startswith(CORE)}
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_service_apps_import_each_other_only_through_the_catalogue(graph):
    wrong = {}
    for module, targets in graph.items():
        own = next((app for app in SERVICE_APPS if module.startswith(app)), None)
        if own is None:
            continue
        others = sorted(t for t in targets if t.startswith(SERVICE_APPS) and not t.startswith(own))
        if others:
            wrong[module] = others
    assert wrong == {}


def test_the_cross_service_apps_import_no_service_app(graph):
    wrong = {module: sorted(target for target in targets if target.startswith(SERVICE_APPS))
             for module, targets in graph.items() if module.startswith(CROSS_SERVICE_APPS)}
    assert {module: targets for module, targets in wrong.items() if targets} == {}
    assert any(module.startswith(CROSS_SERVICE_APPS) for module in graph), "the desk app is not scanned"


def test_the_core_imports_no_cross_service_app_and_its_templates_load_none(graph):
    """The core shows the desk's and the reply templates' parts through its registry's hooks only."""
    wrong = {module: sorted(target for target in targets if target.startswith(CROSS_SERVICE_APPS))
             for module, targets in graph.items() if module.startswith(CORE)}
    assert {module: targets for module, targets in wrong.items() if targets} == {}
    named = [f"{path.name}: {app}" for path in (ROOT / "templates" / CORE).rglob("*.html")
             for app in CROSS_SERVICE_APPS
             if f'"{app}/' in path.read_text() or f"load {app}" in path.read_text()]
    assert named == []


def test_the_cross_service_apps_name_no_service():
    """The desk learns the services from the registry: no service's slug in its code or templates."""
    slugs = {service.slug for service in service_types()}
    named = []
    for app in CROSS_SERVICE_APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                named += [f"{path.name}: {slug}" for slug in slugs if slug in path.read_text()]
    assert named == []


def core_strings():
    for path in (ROOT / CORE).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.name, node.value


def test_the_core_names_no_action_status_or_reminder_of_a_service():
    from requests_app.workflow import RULES

    services = service_types()
    own = {rule.action for service in services for rule in service.rules} - set(RULES)
    own |= {value for service in services for value, _label in (*service.statuses, *service.reminder_kinds)}
    assert own, "no service registered its actions"
    named = sorted({(name, text) for name, text in core_strings() if text in own})
    assert named == []
    templates = [p for p in (ROOT / "templates" / CORE).rglob("*") if p.is_file()]
    in_templates = sorted({(p.name, word) for p in templates for word in own if f'"{word}"' in p.read_text()})
    assert in_templates == []


def test_the_cores_templates_name_no_template_of_a_service():
    prefixes = tuple(f"{app.rpartition('.')[2]}/" for app in SERVICE_APPS)
    named = []
    for path in (ROOT / "templates" / CORE).rglob("*"):
        if path.is_file():
            text = path.read_text()
            named += [f"{path.name}: {prefix}" for prefix in prefixes if f'"{prefix}' in text]
    assert named == []


def test_every_service_app_registers_its_service_type():
    registered = {type(service).__module__.rpartition(".")[0] for service in service_types()}
    assert registered == set(SERVICE_APPS)


def test_no_module_is_over_500_lines_and_no_function_over_60():
    long_modules, long_functions = [], []
    for module, path in first_party_modules().items():
        source = path.read_text()
        if source.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{module} ({source.count(chr(10))} lines)")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{module}.{node.name} ({length} lines)")
    assert (long_modules, long_functions) == ([], [])


def service_relation_names():
    """The names by which a query from the core's Request reaches a service app's model."""

    from requests_app.models import Request

    labels = {name.rpartition(".")[2] for name in SERVICE_APPS}
    return {field.name for field in Request._meta.get_fields()
            if field.is_relation and field.related_model is not None
            and field.related_model._meta.app_label in labels and field.auto_created}


def test_the_core_queries_no_service_models_relation_by_name():
    names = service_relation_names()
    assert "consultation" in names, "the check lost sight of the services' relations"
    named = sorted({(path, text) for path, text in core_strings()
                    if text in names or any(text.startswith(f"{name}__") for name in names)})
    assert named == []
