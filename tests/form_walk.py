"""Every form class of the project, found by walking the modules of its apps (nothing listed by hand),
so a new form or field is covered by the hostile-input tests as soon as it exists."""
import importlib
import inspect
import pkgutil

from django import forms

APPS = ("accounts", "requests_app", "services", "complaints", "desk")


def project_forms():
    """``{"module.Class": class}`` of every django.forms.Form/ModelForm defined in the project's apps."""
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, app + "."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for name, value in vars(module).items():
                if (inspect.isclass(value) and issubclass(value, forms.BaseForm)
                        and value.__module__ == module.__name__):
                    found[f"{module.__name__}.{name}"] = value
    return found


def upload_fields():
    """``[("module.Class.field", field)]`` for every file field of every project form."""
    return [(f"{path}.{name}", field) for path, form in sorted(project_forms().items())
            for name, field in form.base_fields.items() if isinstance(field, forms.FileField)]


def is_free_text(field):
    """A field a person types free text into: a CharField shown as a text box or textarea."""
    return (isinstance(field, forms.CharField) and not isinstance(field, (forms.EmailField, forms.URLField))
            and isinstance(field.widget, (forms.TextInput, forms.Textarea))
            and not isinstance(field.widget, forms.PasswordInput))


def free_text_fields():
    """``{"module.Class": [field names]}`` of every project form with free-text fields."""
    fields = {}
    for path, form in sorted(project_forms().items()):
        names = [name for name, field in form.base_fields.items() if is_free_text(field)]
        if names:
            fields[path] = names
    return fields
