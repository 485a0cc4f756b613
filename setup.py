"""Build hook for the compiled modules (cleaner.model._forest, cleaner.segment._walk, _text and _columns,
cleaner.features._base and _dom, cleaner._records, cleaner.rules._container); everything else is declared in
pyproject.toml.

Both are optional: where no C compiler is found, the install still succeeds and cleaner falls back to the pure
Python walk and to scikit-learn's own prediction path, with identical results, only slower."""
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    def run(self):
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure means "use the fallback", not "no install"
            print(f"cleaner: compiled speedups not built ({exc}); using the pure-Python path")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            print(f"cleaner: could not build {ext.name} ({exc}); using the pure-Python path")


try:
    from Cython.Build import cythonize

    extensions = cythonize(
        [
            Extension("cleaner.model._forest", ["cleaner/model/_forest.pyx"], extra_compile_args=["-O3"]),
            Extension("cleaner.segment._walk", ["cleaner/segment/_walk.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner.segment._text", ["cleaner/segment/_text.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner.segment._columns", ["cleaner/segment/_columns.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner.features._base", ["cleaner/features/_base.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner.features._dom", ["cleaner/features/_dom.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner._records", ["cleaner/_records.pyx"], extra_compile_args=["-O2"]),
            Extension("cleaner.rules._container", ["cleaner/rules/_container.pyx"], extra_compile_args=["-O2"]),
        ],
        compiler_directives={"language_level": 3},
        quiet=True,
    )
except ImportError:  # Cython is a build requirement; without it (a non-isolated build) skip the speedups
    extensions = []

setup(ext_modules=extensions, cmdclass={"build_ext": OptionalBuildExt})
