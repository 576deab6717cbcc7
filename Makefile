# Minerva build. `make` builds build/minerva and build/libminerva.a (optimized);
# `make test` builds everything under ASan+UBSan in build/asan and runs every test;
# `make run` installs missing build dependencies, builds and opens the shell.
CC ?= cc
ifeq ($(origin CC),default)
CC = cc
endif
WARN = -Wall -Wextra -Werror -Wno-unused-parameter
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc -pthread -MMD -MP
OPT_CFLAGS = -O2 -g
SAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LIBS = -lsqlite3 -ledit -lsnappy -lzstd -llz4 -lz -lbrotlidec -lpcre2-8 -lutf8proc -lcrypto -lm -lpthread

LIB_SRC := $(shell find src -name '*.c' ! -path 'src/cli/*' | sort)
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard test/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard test/tools/*.c))

# $(1) = output dir, $(2) = cflags, $(3) = ldflags
define BUILD_RULES
$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $(2) -c $$< -o $$@
$(1)/libminerva.a: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
$(1)/minerva: $$(patsubst %.c,$(1)/obj/%.o,$$(CLI_SRC)) $(1)/libminerva.a
	$$(CC) $(2) $$^ -o $$@ $(3) $$(LIBS)
$(1)/unit/%: $(1)/obj/test/unit/%.o $(1)/libminerva.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(2) $$^ -o $$@ $(3) $$(LIBS)
$(1)/tools/%: $(1)/obj/test/tools/%.o $(1)/libminerva.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(2) $$^ -o $$@ $(3) $$(LIBS)
endef

$(eval $(call BUILD_RULES,build,$(BASE_CFLAGS) $(OPT_CFLAGS),))
$(eval $(call BUILD_RULES,build/asan,$(BASE_CFLAGS) $(SAN_CFLAGS),-fsanitize=address,undefined))

UNITS = $(patsubst test/unit/%.c,%,$(UNIT_SRC))
TOOLS = $(patsubst test/tools/%.c,%,$(TOOL_SRC))

.PHONY: all test run clean unit tools asan bench docs
# keep object files (they are intermediate in the pattern chains)
.SECONDARY:
all: build/minerva build/libminerva.a

asan: build/asan/minerva $(addprefix build/asan/unit/,$(UNITS)) $(addprefix build/asan/tools/,$(TOOLS))

test: asan
	@bash test/run-tests.sh build/asan

run:
	@bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	@bash scripts/run-shell.sh

bench: all
	@bash bench/run.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# docs/functions.md is generated from the registry; `make test` checks it is fresh
docs: build/tools/gen_functions_doc
	build/tools/gen_functions_doc > docs/functions.md
