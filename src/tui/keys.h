/* keys.h -- the explorer's one request list (tig's REQ_INFO): each entry
 * names a request, its help group, its keys and its help text.  The list
 * generates the action enum (here), the key table (keys.c), the dispatch
 * table (actions.c), the help (help.c) and bksef(1)'s key list
 * (tests/tui/keytable, checked by tests/tui/keys-man.sh). */
#ifndef BKSEF_TUI_KEYS_H
#define BKSEF_TUI_KEYS_H

#include <stddef.h>
#include <stdio.h>

/* KEYS_LIST(X) calls X(NAME, name, GROUP, (KEY, ...), HELP) for every
 * request in help order: NAME makes ACT_NAME, name the handler act_name in
 * actions.c, GROUP starts a heading of the help and the manual (NULL: as
 * above), the keys (curses codes or bytes, at most KEYS_PER_ROW) are
 * expanded where <curses.h> is included.  The meaning of the paging keys
 * depends on the view and the focus (a slider or the table). */
#define KEYS_LIST(X)                                                                               \
	X(UP, up, "Layer table", (KEY_UP, 'k'), "select the previous layer")                       \
	X(DOWN, down, NULL, (KEY_DOWN, 'j'), "select the next layer")                              \
	X(PAGE_UP, page_up, NULL, (KEY_PPAGE),                                                     \
	  "page up (with a slider in focus: coarse step down)")                                    \
	X(PAGE_DOWN, page_down, NULL, (KEY_NPAGE),                                                 \
	  "page down (with a slider in focus: coarse step up)")                                    \
	X(HOME, home, NULL, (KEY_HOME, 'g'), "first row (the first layer), as in less and vim")    \
	X(END, end, NULL, (KEY_END, 'G'), "last row (the last layer)")                             \
	X(DETAIL, detail, NULL, ('\n', '\r', KEY_ENTER),                                           \
	  "open or close the selected layer's detail")                                             \
	X(BACK, back, NULL, (KEYS_ESC), "close detail, help, prompt; focus table; stop long work") \
	X(SEARCH, search, NULL, ('/'), "search layer names")                                       \
	X(SEARCH_NEXT, search_next, NULL, ('n'), "next match")                                     \
	X(SEARCH_PREV, search_prev, NULL, ('N'), "previous match")                                 \
	X(ALL_LAYERS, all_layers, NULL, ('a'), "show every layer, or the convolutions only")       \
	X(FILTER, filter, NULL, ('f'),                                                             \
	  "next filter: convolutions, tunable, changed against the baseline, pinned, all")         \
	X(SORT_NEXT, sort_next, NULL, ('>'), "sort by the next column (or click its heading)")     \
	X(SORT_PREV, sort_prev, NULL, ('<'), "sort by the previous column")                        \
	X(SORT_INVERT, sort_invert, NULL, ('i'), "invert the sort order")                          \
	X(STEP_DOWN, step_down, "Sliders", ('-'), "step the current slider down")                  \
	X(STEP_UP, step_up, NULL, ('+'), "step the current slider up")                             \
	X(LEFT, left, NULL, (KEY_LEFT, 'h'),                                                       \
	  "step the slider down, or scroll the table's cut score columns")                         \
	X(RIGHT, right, NULL, (KEY_RIGHT, 'l'), "step the slider up, or scroll the score columns") \
	X(FOCUS_NEXT, focus_next, NULL, ('\t'), "focus the next slider (then the table)")          \
	X(FOCUS_PREV, focus_prev, NULL, (KEY_BTAB), "focus the previous slider")                   \
	X(FOCUS_L1, focus_l1, NULL, ('1', 'I'), "focus lambda1, the weight of information gain I") \
	X(FOCUS_L2, focus_l2, NULL, ('2', 'A'), "focus lambda2, the weight of accuracy gain A")    \
	X(FOCUS_L3, focus_l3, NULL, ('3', 'C'), "focus lambda3, the weight of cost C")             \
	X(FOCUS_GAMMA, focus_gamma, NULL, ('4'), "focus gamma, the rate of A(k)")                  \
	X(FOCUS_BETA, focus_beta, NULL, ('5', 'B'), "focus beta, the rate of I(k)")                \
	X(SET_VALUE, set_value, NULL, ('='), "type an exact value for the current slider")         \
	X(SCOPE, scope, "Parameters", ('s'), "toggle the normalisation scope: network or layer")   \
	X(COST, cost, NULL, ('c'), "cycle the cost model: MACs, paper, time (--device)")           \
	X(PRESET, preset, NULL, ('P'), "apply the next preset (paper, edge, cloud, balanced)")     \
	X(CANDIDATES, candidates, NULL, ('K'), "cycle the run's candidate kernel set")             \
	X(REALISE, realise, NULL, ('D'),                                                           \
	  "realise the candidates as full or depthwise-separable kernels")                         \
	X(RESET, reset, NULL, ('R'), "reset the parameters to those bksef started with")           \
	X(UNDO, undo, NULL, ('u'), "undo the last change (parameters, pins, budget)")              \
	X(REDO, redo, NULL, ('U', KEYS_CTRL('r')), "redo what undo undid")                         \
	X(BUDGET, budget, NULL, ('b'), "MAC budget: 350M, 1.2G, 57.2% of baseline or -42.8%")      \
	X(SOLVER, solver, NULL, ('S'),                                                             \
	  "toggle the budget's solver, best plan or smallest lambda3, and show the difference")    \
	X(FRONTIER_CHEAPER, frontier_cheaper, NULL, ('['),                                         \
	  "the next cheaper plan on the budget frontier (the best plan there)")                    \
	X(FRONTIER_RICHER, frontier_richer, NULL, (']'),                                           \
	  "the next richer plan on the budget frontier")                                           \
	X(PIN_CYCLE, pin_cycle, "Pins", (' '),                                                     \
	  "pin the selected layer to its next allowed kernel")                                     \
	X(UNPIN, unpin, NULL, ('x'), "unpin the selected layer")                                   \
	X(UNPIN_ALL, unpin_all, NULL, ('X'),                                                       \
	  "unpin every layer (asks first when more than one is pinned)")                           \
	X(LOAD_PINS, load_pins, NULL, ('L'),                                                       \
	  "load pins from a plan CSV: every conv at its k_plan (undoable)")                        \
	X(MARK, mark, "Compare", ('m'), "mark the current plan (its request) as A")                \
	X(COMPARE, compare, NULL, ('d'),                                                           \
	  "compare A with the current plan: changed layers, totals, requests")                     \
	X(PLOT_NEXT, plot_next, "Plots", ('p'), "show the next plot")                              \
	X(PLOT_1, plot_1, NULL, (KEY_F(2)),                                                        \
	  "plot: the selected layer's score and its three terms")                                  \
	X(PLOT_2, plot_2, NULL, (KEY_F(3)), "plot: k* per layer along the depth")                  \
	X(PLOT_3, plot_3, NULL, (KEY_F(4)), "plot: MACs per layer, baseline and plan")             \
	X(PLOT_4, plot_4, NULL, (KEY_F(5)), "plot: receptive field along the depth")               \
	X(PLOT_5, plot_5, NULL, (KEY_F(6)), "plot: the exact lambda3 sweep (MACs, mean k)")        \
	X(PLOT_6, plot_6, NULL, (KEY_F(7)), "plot: the budget frontier, resource against gain G")  \
	X(SWEEP_VIEW, sweep_view, NULL, ('w'),                                                     \
	  "list the exact lambda3 sweep, a plan per interval (Enter applies one, u undoes)")       \
	X(EXPORT_PLAN, export_plan, "Files", ('e'), "export the plan CSV (what --batch writes)")   \
	X(EXPORT_NET, export_net, NULL, ('E'), "export the network with the plan's kernels")       \
	X(OPEN, open, NULL, ('o'),                                                                 \
	  "open another network (CSV, ONNX): parameters, pins by name and budget carry over")      \
	X(RELOAD, reload, NULL, ('r'), "reload the network's file after an outside edit, as o")    \
	X(HELP, help, "General", ('?', KEY_F(1)), "show or hide this help")                        \
	X(REDRAW, redraw, NULL, (KEYS_CTRL('l')), "redraw the screen")                             \
	X(QUIT, quit, NULL, ('q', KEY_F(10)), "quit")

/* Key codes the list uses that curses does not name. */
#define KEYS_CTRL(c) ((c)&0x1f)
#define KEYS_ESC 27

/* What a key asks for: ACT_NONE, then one per entry of KEYS_LIST. */
#define KEYS_ENUM(NAME, name, group, keys, help) ACT_##NAME,
enum action { ACT_NONE, KEYS_LIST(KEYS_ENUM) ACT_COUNT };
#undef KEYS_ENUM

/* One row of the key table: up to KEYS_PER_ROW key codes (0 ends the list)
 * for one action, with its help group and text. */
#define KEYS_PER_ROW 4
struct key_row {
	int action;
	const char *group; /* heading in the help and the manual; NULL: as above */
	int key[KEYS_PER_ROW];
	const char *help;
};

/* The table, in help order, and its length (ACT_COUNT - 1). */
extern const struct key_row keys_table[];
extern const size_t keys_table_len;

/* The action bound to key code KEY, or ACT_NONE. */
int keys_action(int key);

/* The first key of ACTION (0: none), as the footer's hints name it. */
int keys_first(int action);

/* Name of key code KEY as the help, the manual and key scripts write it
 * ("Up", "PgDn", "C-r", "F1", "Space", "q"), into BUF of SIZE bytes. */
char *keys_name(int key, char *buf, size_t size);

/* The key code named NAME (a name keys_name gives, without the angle
 * brackets, or a single character); -1 if unknown. */
int keys_parse(const char *name);

/* The keys of table row R joined with " " ("Up k") into BUF (at most
 * KEYS_PER_ROW names of at most 10 bytes each fit in 48). */
char *keys_row_names(const struct key_row *r, char *buf, size_t size);

/* Write the table as roff for bksef(1)'s INTERACTIVE USE section. */
void keys_write_roff(FILE *fp);

#endif
