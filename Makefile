# vifxml: build and install the C library like any other system library.
#
# Needs GNU make, cargo (with rustc) and a C compiler; nothing else.
#
#   make                      build libvifxml (release), vifxml.pc and vifxml-convert
#   make install              install them; honours DESTDIR and the directories below
#   make uninstall            remove exactly the files `make install` installs
#   make check                cargo test
#   make abi-check            compare the library's ABI with abi/libvifxml.so.0.abi (abidiff)
#   make abi-baseline         rewrite abi/libvifxml.so.0.abi from the library (on purpose only)
#   make vendor               put the crates the build needs into vendor/ (offline builds)
#   make clean                cargo clean
#
# Directories (GNU-style, upper case; set them the same for make and make install):
#   PREFIX=/usr/local  EXEC_PREFIX=$(PREFIX)  BINDIR=$(EXEC_PREFIX)/bin
#   LIBDIR=$(EXEC_PREFIX)/lib  INCLUDEDIR=$(PREFIX)/include
#   PKGCONFIGDIR=$(LIBDIR)/pkgconfig  MANDIR=$(PREFIX)/share/man
#
# Other knobs: CARGO, CARGO_FLAGS (e.g. --locked --offline), CC, CFLAGS,
# CPPFLAGS, LDFLAGS (also used to link the shared library), SHLIB_STRIP
# (default -Wl,--strip-debug, as cargo's release profile; empty keeps the
# debug info), INSTALL, LDCONFIG (run after an install into the live
# system as root; LDCONFIG=: turns it off), TOOL_RPATH (run path of
# vifxml-convert: `auto` = $(LIBDIR) unless that is a system library
# directory; empty = none).
#
# Installed:
#   $(LIBDIR)/libvifxml.so.X.Y.Z, libvifxml.so.0 and libvifxml.so (symlinks to it)
#   $(LIBDIR)/libvifxml.a
#   $(INCLUDEDIR)/vifxml.h
#   $(PKGCONFIGDIR)/vifxml.pc      (Libs.private: what rustc says a static link needs)
#   $(PKGCONFIGDIR)/vifxml-static.pc  (links libvifxml.a itself, and what it needs)
#   $(BINDIR)/vifxml-convert       (built from c-examples/vifxml-convert.c)
#   $(MANDIR)/man3/vifxml.3, $(MANDIR)/man1/vifxml-convert.1
#
# The shared library is linked here, not by cargo: from libvifxml.a, with the
# version script libvifxml.map, so that every function carries its ELF symbol
# version (VIFXML_0.1, VIFXML_0.2, ...; docs/ABI.md).  rustc gives a cdylib an
# anonymous version script of its own, which GNU ld cannot combine with named
# version nodes (and lld lets override them), so cargo's target/release/libvifxml.so
# has no symbol versions; the one installed is $(BUILD_DIR)/lib/libvifxml.so.X.Y.Z.
#
# `sudo make install` works without cargo in root's PATH once `make` has run:
# the library built by `make` is installed as it is.

SRCDIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

CARGO       ?= cargo
CARGO_FLAGS ?=
CC          ?= cc
CFLAGS      ?= -O2 -g
INSTALL     ?= install
LDCONFIG    ?= ldconfig
READELF     ?= readelf

PREFIX       ?= /usr/local
EXEC_PREFIX  ?= $(PREFIX)
BINDIR       ?= $(EXEC_PREFIX)/bin
LIBDIR       ?= $(EXEC_PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATAROOTDIR  ?= $(PREFIX)/share
MANDIR       ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=

# ---------------------------------------------------------------------------
# Version and library names: the version is Cargo.toml's [package] version;
# the soname's number is its major, as build.rs gives the library.

VERSION := $(shell sed -n '/^\[package\]/,/^\[/s/^version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' '$(SRCDIR)/Cargo.toml' | head -n 1)
ifeq ($(VERSION),)
$(error cannot read the [package] version from $(SRCDIR)/Cargo.toml)
endif
DESCRIPTION := $(shell sed -n '/^\[package\]/,/^\[/s/^description[[:space:]]*=[[:space:]]*"\(.*\)"[[:space:]]*$$/\1/p' '$(SRCDIR)/Cargo.toml' | head -n 1)
# Pre-release and build suffixes (0.2.0-rc.1+x) are not part of file names.
VERSION_NUM := $(firstword $(subst -, ,$(subst +, ,$(VERSION))))
VERSION_MAJOR := $(word 1,$(subst ., ,$(VERSION_NUM)))
ifneq ($(words $(subst ., ,$(VERSION_NUM))),3)
$(error Cargo.toml's version $(VERSION) is not MAJOR.MINOR.PATCH)
endif

LIBNAME      := vifxml
SHLIB_LINK   := lib$(LIBNAME).so
SONAME       := $(SHLIB_LINK).$(VERSION_MAJOR)
SHLIB_REAL   := $(SHLIB_LINK).$(VERSION_NUM)
STLIB_NAME   := lib$(LIBNAME).a

# ---------------------------------------------------------------------------
# Where cargo puts things: CARGO_TARGET_DIR if set, else what cargo says
# (so .cargo/config.toml's build.target-dir is honoured), else ./target.

ifeq ($(strip $(CARGO_TARGET_DIR)),)
TARGET_DIR := $(shell $(CARGO) metadata --format-version 1 --no-deps --offline --manifest-path '$(SRCDIR)/Cargo.toml' 2>/dev/null | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
ifeq ($(TARGET_DIR),)
TARGET_DIR := $(SRCDIR)/target
endif
else
TARGET_DIR := $(abspath $(CARGO_TARGET_DIR))
endif

RELEASE_DIR := $(TARGET_DIR)/release
BUILD_DIR   := $(TARGET_DIR)/vifxml-make
SHLIB       := $(RELEASE_DIR)/$(SHLIB_LINK)
STLIB       := $(RELEASE_DIR)/$(STLIB_NAME)
HEADER      := $(SRCDIR)/include/vifxml.h
MAP         := $(SRCDIR)/libvifxml.map
SHLIB_DIR   := $(BUILD_DIR)/lib
SHLIB_OUT   := $(SHLIB_DIR)/$(SHLIB_REAL)
SHLIB_FLAGS := $(BUILD_DIR)/shlib.flags
PC_IN       := $(SRCDIR)/vifxml.pc.in
PC          := $(BUILD_DIR)/vifxml.pc
PC_STATIC_IN := $(SRCDIR)/vifxml-static.pc.in
PC_STATIC   := $(BUILD_DIR)/vifxml-static.pc
ABI_BASELINE := $(SRCDIR)/abi/$(SONAME).abi
ABI_SUPPRESSIONS := $(SRCDIR)/abi/suppressions.txt
NATIVE_LIBS := $(BUILD_DIR)/native-static-libs
MAN3        := $(SRCDIR)/man/vifxml.3
MAN1        := $(SRCDIR)/man/vifxml-convert.1
TOOL_SRC    := $(SRCDIR)/c-examples/vifxml-convert.c
TOOL        := $(BUILD_DIR)/vifxml-convert
TOOL_FLAGS  := $(BUILD_DIR)/vifxml-convert.flags

HAVE_TOOL := $(wildcard $(TOOL_SRC))
HAVE_MAN1 := $(wildcard $(MAN1))
HAVE_CARGO := $(shell command -v $(CARGO) 2>/dev/null)

# ---------------------------------------------------------------------------
# vifxml-convert's run path: none when LIBDIR is one the dynamic linker
# searches anyway.

MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
SYSTEM_LIBDIRS := /lib /usr/lib /lib64 /usr/lib64 $(if $(MULTIARCH),/lib/$(MULTIARCH) /usr/lib/$(MULTIARCH))
TOOL_RPATH ?= auto
ifeq ($(TOOL_RPATH),auto)
override TOOL_RPATH := $(if $(filter $(SYSTEM_LIBDIRS),$(patsubst %/,%,$(LIBDIR))),,$(LIBDIR))
endif

# ---------------------------------------------------------------------------
# pkg-config variables, relative to ${prefix} where possible so that
# `pkg-config --define-variable=prefix=...` relocates the whole file.

PC_EXEC_PREFIX := $(if $(filter $(PREFIX),$(EXEC_PREFIX)),$${prefix},$(patsubst $(PREFIX)/%,$${prefix}/%,$(EXEC_PREFIX)))
PC_LIBDIR      := $(patsubst $(EXEC_PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))
PC_INCLUDEDIR  := $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

.PHONY: all lib shlib tool pc install uninstall check abi-check abi-baseline vendor clean FORCE
.DELETE_ON_ERROR:

all: lib shlib pc $(if $(HAVE_TOOL),tool)

# cargo decides what needs rebuilding.  Then the soname is checked against the
# one this Makefile installs symlinks for (when readelf is around).
ifneq ($(HAVE_CARGO),)
lib:
	$(CARGO) build --release --lib --manifest-path '$(SRCDIR)/Cargo.toml' $(CARGO_FLAGS)
	@if command -v $(READELF) >/dev/null 2>&1; then \
	  so=`$(READELF) -d '$(SHLIB)' | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p'`; \
	  if [ "$$so" != '$(SONAME)' ]; then \
	    echo "$(SHLIB) has soname '$$so', expected $(SONAME)" >&2; exit 1; \
	  fi; \
	fi
else
lib:
	@for f in '$(SHLIB)' '$(STLIB)'; do \
	  if [ ! -f "$$f" ]; then \
	    echo "$(CARGO) not found and $$f not built: run make as a user with cargo first" >&2; \
	    exit 1; \
	  fi; \
	done
	@echo "note: $(CARGO) not found; using the library already in $(RELEASE_DIR)"
endif

$(SHLIB) $(STLIB): lib ;

$(BUILD_DIR):
	mkdir -p '$@'

# What a static link of libvifxml.a needs besides it, as rustc reports it for
# this very crate and its dependencies (`--print native-static-libs`).  That
# needs a build of the staticlib alone, which would fight with the normal
# build's fingerprint in the same target directory, so it gets its own small
# target directory (unoptimised, no debug info).  cargo replays the note when
# nothing changed, so this is cheap after the first time.
ifneq ($(HAVE_CARGO),)
$(NATIVE_LIBS): FORCE | $(BUILD_DIR)
	@echo "  PROBE   native libraries of libvifxml.a" >&2
	@CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 \
	  $(CARGO) rustc --lib --crate-type staticlib --color never \
	    --manifest-path '$(SRCDIR)/Cargo.toml' --target-dir '$(BUILD_DIR)/probe' $(CARGO_FLAGS) \
	    -- --print native-static-libs >'$@.log' 2>&1 \
	  || { cat '$@.log' >&2; echo "cargo rustc failed: cannot tell what libvifxml.a needs" >&2; exit 1; }
	@sed -n 's/^note: native-static-libs: *//p' '$@.log' | tail -n 1 >'$@.tmp'
	@if [ ! -s '$@.tmp' ]; then \
	  cat '$@.log' >&2; rm -f '$@.tmp'; \
	  echo "rustc printed no native-static-libs note" >&2; exit 1; \
	fi
	@if cmp -s '$@.tmp' '$@'; then rm -f '$@.tmp'; else mv -f '$@.tmp' '$@'; fi
else
$(NATIVE_LIBS):
	@echo "$(CARGO) not found and $@ missing: run make as a user with cargo first" >&2; exit 1
endif

# $(1) made safe as the replacement of a sed s||| command inside '...'.
sed_repl = $(subst ','\'',$(subst |,\|,$(subst &,\&,$(subst \,\\,$(1)))))

# Rewritten only when its content changes, so that make's timestamps work.
pc: $(PC) $(PC_STATIC)
$(PC) $(PC_STATIC): $(BUILD_DIR)/%.pc: $(SRCDIR)/%.pc.in $(NATIVE_LIBS) FORCE | $(BUILD_DIR)
	@sed -e 's|@prefix@|$(PREFIX)|g' \
	     -e 's|@exec_prefix@|$(PC_EXEC_PREFIX)|g' \
	     -e 's|@libdir@|$(PC_LIBDIR)|g' \
	     -e 's|@includedir@|$(PC_INCLUDEDIR)|g' \
	     -e 's|@version@|$(VERSION)|g' \
	     -e 's|@description@|$(call sed_repl,$(DESCRIPTION))|g' \
	     -e "s|@libs_private@|`cat '$(NATIVE_LIBS)'`|g" \
	     '$<' >'$@.tmp'
	@if cmp -s '$@.tmp' '$@'; then rm -f '$@.tmp'; else mv -f '$@.tmp' '$@'; echo "  GEN     $@"; fi

# The shared library, linked from libvifxml.a with the version script (see the
# top of this file): all of the archive, then everything no exported function
# reaches is dropped (--gc-sections) and every symbol the script does not list
# is made local.  --undefined-version lets the script list a function this
# build does not define yet (when the linker knows the option).  Relinked only
# when the archive, the script or the command changed.
LD_UNDEFINED_VERSION := $(shell printf 'int vifxml_probe;\n' | $(CC) -shared -x c - \
	-Wl,--undefined-version -o /dev/null >/dev/null 2>&1 && echo -Wl,--undefined-version)
SHLIB_STRIP ?= -Wl,--strip-debug
SHLIB_CMD = $(CC) -shared -o '$(SHLIB_OUT).tmp' -Wl,-soname,$(SONAME) \
	-Wl,--version-script='$(MAP)' $(LD_UNDEFINED_VERSION) \
	-Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,--as-needed $(SHLIB_STRIP) $(LDFLAGS) \
	-Wl,--whole-archive '$(STLIB)' -Wl,--no-whole-archive

shlib: $(SHLIB_OUT)
$(SHLIB_FLAGS): FORCE | $(BUILD_DIR)
	$(file >$@.tmp,$(SHLIB_CMD))
	@if cmp -s '$@.tmp' '$@'; then rm -f '$@.tmp'; else mv -f '$@.tmp' '$@'; fi

ifneq ($(HAVE_CARGO),)
$(SHLIB_OUT): $(STLIB) $(MAP) $(NATIVE_LIBS) $(SHLIB_FLAGS)
	@mkdir -p '$(SHLIB_DIR)'
	$(SHLIB_CMD) `cat '$(NATIVE_LIBS)'`
	mv -f '$@.tmp' '$@'
	ln -sfn '$(SHLIB_REAL)' '$(SHLIB_DIR)/$(SONAME)'
	ln -sfn '$(SHLIB_REAL)' '$(SHLIB_DIR)/$(SHLIB_LINK)'
else
$(SHLIB_OUT):
	@if [ ! -f '$@' ]; then \
	  echo "$(CARGO) not found and $@ not linked: run make as a user with cargo first" >&2; exit 1; \
	fi
endif

# vifxml-convert, linked against the shared library just built.  Its flags
# (they hold the run path, hence LIBDIR) are a prerequisite too.
TOOL_CMD = $(CC) -std=c99 -Wall -Wextra $(CPPFLAGS) -I'$(SRCDIR)/include' $(CFLAGS) \
	$(LDFLAGS) $(if $(TOOL_RPATH),-Wl$(,)-rpath$(,)'$(TOOL_RPATH)') \
	-o '$(TOOL)' '$(TOOL_SRC)' -L'$(SHLIB_DIR)' -l$(LIBNAME) $(LDLIBS)
, := ,

tool: $(TOOL)
$(TOOL_FLAGS): FORCE | $(BUILD_DIR)
	$(file >$@.tmp,$(TOOL_CMD))
	@if cmp -s '$@.tmp' '$@'; then rm -f '$@.tmp'; else mv -f '$@.tmp' '$@'; fi

$(TOOL): $(TOOL_SRC) $(HEADER) $(SHLIB_OUT) $(TOOL_FLAGS) | $(BUILD_DIR)
	$(TOOL_CMD)

# ---------------------------------------------------------------------------
# The ABI, as abidiff (abigail-tools) sees it, against the committed baseline
# abi/libvifxml.so.0.abi (docs/ABI.md).  abidw needs the library's DWARF, which
# the release library does not carry, so the ABI is read from the same link of
# the dev-profile archive (`cargo build --lib`, with debug info): the same
# functions, types and symbol versions (tests/abi.rs checks that the release
# library exports the same symbols).  Internal layouts of the opaque
# vifxml_options and vifxml_error are not ABI (abi/suppressions.txt).
#
#   make abi-check     fails on a removed or changed function or symbol
#                      version; prints additions and passes
#   make abi-baseline  rewrites the baseline from this build: run it when the
#                      additions are meant (a release that adds functions)

ABIDW   ?= abidw
ABIDIFF ?= abidiff
ABI_DIR := $(BUILD_DIR)/abi
ABI_LIB := $(ABI_DIR)/$(SHLIB_REAL)
ABIDW_FLAGS := --no-corpus-path --no-show-locs --no-comp-dir-path
ABIDIFF_FLAGS := --suppressions '$(ABI_SUPPRESSIONS)'

.PHONY: abi-lib
abi-lib: $(NATIVE_LIBS)
	CARGO_PROFILE_DEV_CODEGEN_UNITS=1 CARGO_INCREMENTAL=0 \
	  $(CARGO) build --lib --manifest-path '$(SRCDIR)/Cargo.toml' \
	    --target-dir '$(ABI_DIR)/target' $(CARGO_FLAGS)
	$(CC) -shared -o '$(ABI_LIB)' -Wl,-soname,$(SONAME) \
	  -Wl,--version-script='$(MAP)' $(LD_UNDEFINED_VERSION) -Wl,--gc-sections -Wl,--as-needed \
	  -Wl,--whole-archive '$(ABI_DIR)/target/debug/$(STLIB_NAME)' -Wl,--no-whole-archive \
	  `cat '$(NATIVE_LIBS)'`

abi-check: abi-lib
	@rc=0; $(ABIDIFF) $(ABIDIFF_FLAGS) '$(ABI_BASELINE)' '$(ABI_LIB)' >'$(ABI_DIR)/abidiff.txt' 2>&1 || rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "abi-check: the ABI is the baseline's ($(ABI_BASELINE))"; exit 0; fi; \
	cat '$(ABI_DIR)/abidiff.txt'; \
	if [ $$((rc & 3)) -ne 0 ]; then echo "abi-check: abidiff failed (exit status $$rc)" >&2; exit 1; fi; \
	rc=0; $(ABIDIFF) --no-added-syms $(ABIDIFF_FLAGS) '$(ABI_BASELINE)' '$(ABI_LIB)' >/dev/null 2>&1 || rc=$$?; \
	if [ $$rc -ne 0 ]; then \
	  echo "abi-check: INCOMPATIBLE: a function or symbol version of $(ABI_BASELINE) was removed or changed (above)" >&2; \
	  exit 1; \
	fi; \
	echo "abi-check: compatible, with additions (above); record them on purpose with: make abi-baseline"

# The machine's directories in the paths of compilation units (cargo's
# registry, vendor/, this tree) are dropped: they are not ABI.
abi-baseline: abi-lib
	$(ABIDW) $(ABIDW_FLAGS) --out-file '$(ABI_DIR)/baseline.abi' '$(ABI_LIB)'
	sed -e "s|path='[^']*/registry/src/[^/']*/|path='|" \
	    -e "s|path='[^']*/vendor/|path='|" \
	    -e "s|path='$(call sed_repl,$(SRCDIR))/|path='|" \
	    '$(ABI_DIR)/baseline.abi' >'$(ABI_BASELINE)'
	@echo "abi-baseline: wrote $(ABI_BASELINE); review and commit it"

# ---------------------------------------------------------------------------
# Packaging helpers.

# Every crate Cargo.lock names, into vendor/, for builds without the network
# (debian/rules uses vendor/ when it is there).  Needs the network itself.
vendor:
	$(CARGO) vendor --locked --manifest-path '$(SRCDIR)/Cargo.toml' '$(SRCDIR)/vendor' >/dev/null
	@echo "vendor/ holds the crates; debian/rules builds offline from it"

# debian/libvifxml0.symbols for the library `make` links: each exported
# function with its version node, the nodes themselves, each with the
# release that added it (VIFXML_0.2 -> 0.2.0).
.PHONY: debian-symbols
debian-symbols: shlib
	@printf '%s\n' '$(SONAME) lib$(LIBNAME)$(VERSION_MAJOR) #MINVER#' '* Build-Depends-Package: lib$(LIBNAME)-dev'
	@$(READELF) --dyn-syms -W '$(SHLIB_OUT)' | \
	  awk 'NF == 8 && $$1 != "Num:" && $$7 != "UND" && $$5 == "GLOBAL" { \
	    n = $$8; if (n !~ /@/) n = n "@" n; sub(/@@/, "@", n); \
	    v = n; sub(/^.*@VIFXML_/, "", v); print " " n " " v ".0" }' | LC_ALL=C sort

# ---------------------------------------------------------------------------

INSTALLED := \
	$(LIBDIR)/$(SHLIB_REAL) $(LIBDIR)/$(SONAME) $(LIBDIR)/$(SHLIB_LINK) \
	$(LIBDIR)/$(STLIB_NAME) $(INCLUDEDIR)/vifxml.h $(PKGCONFIGDIR)/vifxml.pc \
	$(PKGCONFIGDIR)/vifxml-static.pc \
	$(MANDIR)/man3/vifxml.3 $(BINDIR)/vifxml-convert $(MANDIR)/man1/vifxml-convert.1

install: all
	$(INSTALL) -d '$(DESTDIR)$(LIBDIR)' '$(DESTDIR)$(INCLUDEDIR)' \
	  '$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(MANDIR)/man3'
	$(INSTALL) -m 0755 '$(SHLIB_OUT)' '$(DESTDIR)$(LIBDIR)/$(SHLIB_REAL)'
	rm -f '$(DESTDIR)$(LIBDIR)/$(SONAME)' '$(DESTDIR)$(LIBDIR)/$(SHLIB_LINK)'
	ln -s '$(SHLIB_REAL)' '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	ln -s '$(SHLIB_REAL)' '$(DESTDIR)$(LIBDIR)/$(SHLIB_LINK)'
	$(INSTALL) -m 0644 '$(STLIB)' '$(DESTDIR)$(LIBDIR)/$(STLIB_NAME)'
	$(INSTALL) -m 0644 '$(HEADER)' '$(DESTDIR)$(INCLUDEDIR)/vifxml.h'
	$(INSTALL) -m 0644 '$(PC)' '$(DESTDIR)$(PKGCONFIGDIR)/vifxml.pc'
	$(INSTALL) -m 0644 '$(PC_STATIC)' '$(DESTDIR)$(PKGCONFIGDIR)/vifxml-static.pc'
	$(INSTALL) -m 0644 '$(MAN3)' '$(DESTDIR)$(MANDIR)/man3/vifxml.3'
ifneq ($(HAVE_TOOL),)
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)'
	$(INSTALL) -m 0755 '$(TOOL)' '$(DESTDIR)$(BINDIR)/vifxml-convert'
endif
ifneq ($(HAVE_MAN1),)
	$(INSTALL) -d '$(DESTDIR)$(MANDIR)/man1'
	$(INSTALL) -m 0644 '$(MAN1)' '$(DESTDIR)$(MANDIR)/man1/vifxml-convert.1'
endif
	@if [ -z '$(DESTDIR)' ] && [ "`id -u`" = 0 ] && command -v $(LDCONFIG) >/dev/null 2>&1; then \
	  echo '$(LDCONFIG)'; $(LDCONFIG) || true; \
	fi

uninstall:
	rm -f $(foreach f,$(INSTALLED),'$(DESTDIR)$(f)')

check:
	$(CARGO) test --manifest-path '$(SRCDIR)/Cargo.toml' $(CARGO_FLAGS)

clean:
	$(CARGO) clean --manifest-path '$(SRCDIR)/Cargo.toml'

FORCE:
