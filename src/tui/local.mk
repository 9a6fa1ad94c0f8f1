# src/tui/local.mk -- the explorer's sources, linked into bksef.
src_bksef_SOURCES += \
	src/tui/explorer.c \
	src/tui/ui.c src/tui/ui.h \
	src/tui/view.c \
	src/tui/actions.c \
	src/tui/state.c src/tui/state.h \
	src/tui/keys.c src/tui/keys.h \
	src/tui/text.c src/tui/text.h \
	src/tui/fmt.c src/tui/fmt.h \
	src/tui/draw.c src/tui/draw.h \
	src/tui/frame.c \
	src/tui/header.c \
	src/tui/table.c \
	src/tui/rows.c src/tui/rows.h \
	src/tui/detail.c \
	src/tui/help.c \
	src/tui/sweep_view.c \
	src/tui/compare_view.c \
	src/tui/sliders.c \
	src/tui/plots.c \
	src/tui/prompt.c \
	src/tui/files.c \
	src/tui/lineedit.c src/tui/lineedit.h \
	src/tui/filename.c src/tui/filename.h \
	src/tui/script.c src/tui/script.h \
	src/tui/busy.c src/tui/busy.h
