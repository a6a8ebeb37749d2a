#include "sim/explain/parse_tree.h"

namespace interleave {
namespace {

// Every message below `message`, through the message fields its descriptor
// lists (only the set member of a oneof).
void WalkMessage(ProtobufCMessage* message, const std::function<bool(PgQuery__Node*)>& visit) {
  if (!message) return;
  if (message->descriptor == &pg_query__node__descriptor &&
      !visit(reinterpret_cast<PgQuery__Node*>(message)))
    return;
  const ProtobufCMessageDescriptor* descriptor = message->descriptor;
  char* base = reinterpret_cast<char*>(message);
  for (unsigned i = 0; i < descriptor->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
        *reinterpret_cast<uint32_t*>(base + field.quantifier_offset) != field.id)
      continue;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      const size_t count = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      ProtobufCMessage** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t k = 0; k < count; ++k) WalkMessage(items[k], visit);
    } else {
      WalkMessage(*reinterpret_cast<ProtobufCMessage**>(base + field.offset), visit);
    }
  }
}

}  // namespace

ParseTree::ParseTree(const std::string& sql) {
  result_ = pg_query_parse_protobuf(sql.c_str());
  if (result_.error) {
    error_ = result_.error->message;
    return;
  }
  tree_ = pg_query__parse_result__unpack(nullptr, result_.parse_tree.len,
                                         reinterpret_cast<const uint8_t*>(result_.parse_tree.data));
  if (!tree_) error_ = "the parse tree could not be read";
}

ParseTree::~ParseTree() {
  if (tree_) pg_query__parse_result__free_unpacked(tree_, nullptr);
  pg_query_free_protobuf_parse_result(result_);
}

PgQuery__Node* ParseTree::statement() const {
  if (!tree_ || tree_->n_stmts != 1) return nullptr;
  return tree_->stmts[0]->stmt;
}

std::string ParseTree::Deparse() const {
  if (!tree_) return "";
  PgQueryProtobuf packed;
  packed.len = pg_query__parse_result__get_packed_size(tree_);
  std::string buffer(packed.len, '\0');
  pg_query__parse_result__pack(tree_, reinterpret_cast<uint8_t*>(buffer.data()));
  packed.data = buffer.data();
  PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(packed);
  std::string text = deparsed.error ? "" : deparsed.query;
  pg_query_free_deparse_result(deparsed);
  return text;
}

void WalkNodes(PgQuery__Node* node, const std::function<bool(PgQuery__Node*)>& visit) {
  WalkMessage(reinterpret_cast<ProtobufCMessage*>(node), visit);
}

}  // namespace interleave
