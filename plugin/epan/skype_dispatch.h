/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every entry point Wireshark calls (skype_dispatch.c; docs/design.md,
 * "Architecture"): heuristics, conversation dissectors, port fronts,
 * postdissectors, Decode As.
 */
#ifndef SKYPE_DISPATCH_H
#define SKYPE_DISPATCH_H

#include <epan/packet.h>

/* The plugin's own dissectors that concern files hand to Wireshark's
 * conversations. */
enum skype_dispatch_handle {
    SKYPE_HANDLE_SOM,    /* "skype_som": confirmed clients, linked probes */
    SKYPE_HANDLE_TCP,    /* "skype_tcp": recognised TCP connections */
    SKYPE_HANDLE_MODERN  /* "skype_modern": tagged UDP 5-tuples */
};

/* From proto_register, before the concerns register (they take their
 * handles from skype_dispatch_handle): the dissectors, the postdissectors'
 * handles, the names postdissector's set-up at every file start. */
void skype_dispatch_register(void);

dissector_handle_t skype_dispatch_handle(enum skype_dispatch_handle which);

/* The postdissector of a file set's piece (skype_legs.h), registered once,
 * when -z skype,legs makes its table. */
void skype_dispatch_piece_post(void);

/* From proto_reg_handoff, after the concerns' handoffs: the heuristics, the
 * port fronts (each keeping the port's present owner) and Decode As. */
void skype_dispatch_handoff(void);

#endif /* SKYPE_DISPATCH_H */
