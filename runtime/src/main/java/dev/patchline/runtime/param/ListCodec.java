package dev.patchline.runtime.param;

import java.util.List;
import java.util.function.Function;

/**
 * Describes the records of a list parameter: their fields (scalar descriptors, so JSON, schema and
 * docs can be generated) and how an operator's own record type maps to a {@link ListItem}.
 *
 * @param <T> the operator's record type, or {@link ListItem} itself
 */
public interface ListCodec<T> {

    /** {@return the fields of one record, in documentation order} */
    List<ParameterDescriptor<?>> fields();

    /** {@return the Java type of one record} */
    Class<T> recordType();

    /** Converts a validated item (all fields present or defaulted) into the operator's record. */
    T fromItem(ListItem item);

    /** Converts a record back into an item for saving. */
    ListItem toItem(T record);

    /** {@return a codec whose records are plain {@link ListItem}s} */
    static ListCodec<ListItem> items(ParameterDescriptor<?>... fields) {
        return of(ListItem.class, Function.identity(), Function.identity(), fields);
    }

    /** {@return a codec that maps items to records of type {@code type} with the two functions} */
    static <T> ListCodec<T> of(
            Class<T> type,
            Function<ListItem, T> fromItem,
            Function<T, ListItem> toItem,
            ParameterDescriptor<?>... fields) {
        List<ParameterDescriptor<?>> list = List.of(fields);
        return new ListCodec<>() {
            @Override
            public List<ParameterDescriptor<?>> fields() {
                return list;
            }

            @Override
            public Class<T> recordType() {
                return type;
            }

            @Override
            public T fromItem(ListItem item) {
                return fromItem.apply(item);
            }

            @Override
            public ListItem toItem(T record) {
                return toItem.apply(record);
            }
        };
    }
}
