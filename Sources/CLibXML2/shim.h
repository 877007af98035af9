#ifndef FEEDS_CLIBXML2_SHIM_H
#define FEEDS_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its unicode headers clash with the ICU that
// Foundation ships. Read the version header first and switch the ICU part off
// before anything else from libxml2 is included.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

// xmlParserInputPtr loader that refuses every external entity and DTD:
// no file:, no http:, nothing. Installed process-wide once.
static inline xmlParserInputPtr feeds_refuse_external_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static inline void feeds_install_refusing_entity_loader(void) {
    xmlSetExternalEntityLoader(feeds_refuse_external_entity);
}

// xmlFree is a global function pointer, which Swift 6 will not read unsynchronised.
static inline void feeds_xml_free(void *pointer) { xmlFree(pointer); }

// The error a structured-error callback receives, as plain fields.
static inline int feeds_error_line(const xmlError *error) { return error ? error->line : 0; }
static inline int feeds_error_level(const xmlError *error) { return error ? (int)error->level : 0; }
static inline const char *feeds_error_message(const xmlError *error) { return error ? error->message : NULL; }

#endif
